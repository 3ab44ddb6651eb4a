using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>A host with the directory and a small tree: 牡丹江市 → 东安区 → 新安街道, and 宁安市.</summary>
public class SecuredHost(PostgresServer postgres) : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;
    public Guid City { get; private set; }
    public Guid Dongan { get; private set; }
    public Guid Street { get; private set; }
    public Guid Ningan { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var settings = await SettingsAsync(postgres);
        Host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(), Plugins(), Clock, settings);
        City = await Create("231000", "牡丹江市", "City", null);
        Dongan = await Create("231002", "东安区", "County", City);
        Street = await Create("231002001", "新安街道", "Street", Dongan);
        Ningan = await Create("231084", "宁安市", "County", City);
        await SeedAsync();
    }

    /// <summary>More records for a derived fixture, after the tree.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>The plugins the host loads (the folder goes with the host).</summary>
    protected virtual PluginFolder Plugins() => PluginFolder.With("directory", "probe");

    /// <summary>The host's clock; null for the system's.</summary>
    protected virtual TimeProvider? Clock => null;

    protected virtual Task<(string Key, string Value)[]> SettingsAsync(PostgresServer postgres) => Task.FromResult(Array.Empty<(string, string)>());

    protected async Task<Guid> Create(string code, string name, string level, Guid? parentId)
    {
        var response = await Host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        response.EnsureSuccessStatusCode();
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
