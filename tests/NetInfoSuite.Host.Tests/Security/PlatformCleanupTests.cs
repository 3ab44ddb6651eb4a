using Marten;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Host.Storage;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>Expired tokens go away, and only one instance at a time does the work.</summary>
public sealed class PlatformCleanupTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    [Fact]
    public async Task Expired_tokens_are_removed_by_whichever_instance_holds_the_lock()
    {
        var store = fixture.Host.Services.GetRequiredService<IDocumentStore>();
        var cleanup = fixture.Host.Services.GetRequiredService<PlatformCleanup>();
        var expired = new IssuedToken { Id = "expired-" + Guid.NewGuid(), ExpiresAt = DateTimeOffset.UtcNow.AddDays(-3) };
        var live = new IssuedToken { Id = "live-" + Guid.NewGuid(), ExpiresAt = DateTimeOffset.UtcNow.AddDays(3) };
        await using (var session = store.LightweightSession())
        {
            session.Store(expired, live);
            await session.SaveChangesAsync();
        }

        // Another instance holds the lock: this one skips the round.
        var key = ExclusiveWork.LockKey(PlatformCleanup.WorkName);
        await using (var other = new NpgsqlConnection(fixture.Host.ConnectionString))
        {
            await other.OpenAsync();
            await new NpgsqlCommand($"select pg_advisory_lock({key})", other).ExecuteScalarAsync();
            Assert.False(await cleanup.RunOnceAsync(default));
            Assert.NotNull(await Load(store, expired.Id));
            // Released explicitly: closing a connection ends its session (and lock) only a moment later.
            await new NpgsqlCommand($"select pg_advisory_unlock({key})", other).ExecuteScalarAsync();
        }

        Assert.True(await cleanup.RunOnceAsync(default));
        Assert.Null(await Load(store, expired.Id));
        Assert.NotNull(await Load(store, live.Id));
    }

    private static async Task<IssuedToken?> Load(IDocumentStore store, string id)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<IssuedToken>(id);
    }
}
