using System.Security.Cryptography;
using System.Text;
using Marten;
using Marten.Patching;
using Microsoft.Extensions.Caching.Memory;
using NetInfoSuite.Contracts.Errors;
using Npgsql;

namespace NetInfoSuite.Host.Security;

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, bool MustChangePassword);

/// <summary>Opaque bearer tokens: random values handed out once and stored only as hashes, so a
/// database leak leaks no usable token and revoking is one update seen by every host instance.</summary>
public sealed class TokenService(IDocumentStore store, TimeProvider clock)
{
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(14);
    /// <summary>A browser session's longest life; the cookie itself ends after 30 idle minutes.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    /// <summary>A refresh token presented again this soon after it was used is a client's own duplicate (parallel
    /// requests, a retry) and is refused alone; later, it was stolen and its whole sign-in ends.</summary>
    public static readonly TimeSpan ReuseGrace = TimeSpan.FromSeconds(10);

    /// <summary>How long a checked access token is trusted without asking the database again. A revocation, a
    /// password change or a disabled user takes effect at once on the instance that made it (it forgets every
    /// token) and within this time on the others. (It spares every API request two lookups.)</summary>
    public static readonly TimeSpan TrustFor = TimeSpan.FromSeconds(5);
    private static readonly MemoryCache Recent = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>Forget every trusted token: after anything that may end a sign-in.</summary>
    public static void ForgetAll() => Recent.Compact(1.0);

    /// <summary>Trades a refresh token for a new pair of the same sign-in, once: the token is marked used by one
    /// conditional update, so of parallel trades exactly one wins. A token used before ends its whole sign-in.</summary>
    public async Task<TokenPair> RotateAsync(string value, CancellationToken ct)
    {
        var invalid = new RuleViolationException("refreshToken", "刷新令牌无效、已过期或已撤销", "The refresh token is invalid, expired or revoked");
        var hash = Hash(value);
        var now = clock.GetUtcNow();
        var (token, user) = await LoadAsync(hash, ct);
        if (token is null || token.Kind != TokenKind.Refresh || token.ExpiresAt <= now) throw invalid;
        if (token.Revoked)
        {
            if (token.UsedAt is not { } used || now - used > ReuseGrace) await RevokeFamilyAsync(token.Family, ct);
            throw invalid;
        }
        if (user is null || !user.Enabled || user.SecurityStamp != token.SecurityStamp) throw invalid;

        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await using var claim = new NpgsqlCommand("""
                update platform.mt_doc_issuedtoken set data = data || jsonb_build_object('revoked', true, 'usedAt', @used::text)
                where id = @id and (data ->> 'revoked')::boolean is not true
                """, connection);
            claim.Parameters.AddWithValue("id", hash);
            claim.Parameters.AddWithValue("used", now.ToString("O"));
            if (await claim.ExecuteNonQueryAsync(ct) == 0) throw invalid; // another request traded it a moment ago
        }
        // The pair's access token ends with it; the sign-in goes on under the new pair.
        await using (var session = store.LightweightSession())
        {
            session.Patch<IssuedToken>(t => t.Family == token.Family && t.Kind == TokenKind.Access).Set(t => t.Revoked, true);
            await session.SaveChangesAsync(ct);
        }
        ForgetAll();
        return await IssueAsync(user, token.Family, ct);
    }

    /// <summary>A browser session, stored like a token so that signing out ends it on every instance: the value
    /// goes into the (encrypted) cookie and every request checks it.</summary>
    public async Task<string> StartSessionAsync(Guid userId, Guid stamp, CancellationToken ct)
    {
        var value = NewValue();
        await using var session = store.LightweightSession();
        session.Store(new IssuedToken { Id = Hash(value), Kind = TokenKind.Session, UserId = userId, Family = Guid.NewGuid(),
            SecurityStamp = stamp, ExpiresAt = clock.GetUtcNow() + SessionLifetime });
        await session.SaveChangesAsync(ct);
        return value;
    }

    public async Task EndSessionAsync(string value, CancellationToken ct)
    {
        var hash = Hash(value);
        await using var session = store.LightweightSession();
        session.Patch<IssuedToken>(t => t.Id == hash).Set(t => t.Revoked, true);
        await session.SaveChangesAsync(ct);
    }

    public async Task<TokenPair> IssueAsync(PlatformUser user, Guid? family, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var access = NewValue();
        var refresh = NewValue();
        var familyId = family ?? Guid.NewGuid();
        await using var session = store.LightweightSession();
        session.Store(
            new IssuedToken { Id = Hash(access), Kind = TokenKind.Access, UserId = user.Id, Family = familyId,
                SecurityStamp = user.SecurityStamp, ExpiresAt = now + AccessLifetime },
            new IssuedToken { Id = Hash(refresh), Kind = TokenKind.Refresh, UserId = user.Id, Family = familyId,
                SecurityStamp = user.SecurityStamp, ExpiresAt = now + RefreshLifetime });
        await session.SaveChangesAsync(ct);
        return new TokenPair(access, refresh, (int)AccessLifetime.TotalSeconds, user.MustChangePassword);
    }

    /// <summary>The live token of that kind with its user, or null (unknown, expired, revoked, stale user).</summary>
    public async Task<(IssuedToken Token, PlatformUser User)?> FindAsync(string value, TokenKind kind, CancellationToken ct)
    {
        var hash = Hash(value);
        if (kind == TokenKind.Access && Recent.TryGetValue(hash, out (IssuedToken Token, PlatformUser User) trusted))
            return trusted.Token.ExpiresAt > clock.GetUtcNow() ? trusted : null;
        var (token, user) = await LoadAsync(hash, ct);
        if (token is null || token.Kind != kind || token.Revoked || token.ExpiresAt <= clock.GetUtcNow()) return null;
        if (user is null || !user.Enabled || user.SecurityStamp != token.SecurityStamp) return null;
        if (kind == TokenKind.Access) Recent.Set(hash, (token, user), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TrustFor });
        return (token, user);
    }

    /// <summary>Two loads by id, not a query with Include: Marten's Include creates a temporary table each time, which took
    /// 4–10 ms under load, and browser sessions are checked on every request (issue 22).</summary>
    private async Task<(IssuedToken? Token, PlatformUser? User)> LoadAsync(string hash, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var token = await session.LoadAsync<IssuedToken>(hash, ct);
        return (token, token is null ? null : await session.LoadAsync<PlatformUser>(token.UserId, ct));
    }

    /// <summary>Ends a whole sign-in: its refresh token and every access token issued from it.</summary>
    public async Task RevokeFamilyAsync(Guid family, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Patch<IssuedToken>(t => t.Family == family).Set(t => t.Revoked, true);
        await session.SaveChangesAsync(ct);
        ForgetAll();
    }

    private static string NewValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
