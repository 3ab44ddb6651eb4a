using System.Security.Cryptography;
using System.Text;
using Marten;
using Marten.Patching;
using Microsoft.Extensions.Caching.Memory;

namespace NetInfoSuite.Host.Security;

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, bool MustChangePassword);

/// <summary>Opaque bearer tokens: random values handed out once and stored only as hashes, so a
/// database leak leaks no usable token and revoking is one update seen by every host instance.</summary>
public sealed class TokenService(IDocumentStore store, TimeProvider clock)
{
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(14);

    /// <summary>How long a checked access token is trusted without asking the database again. A revocation, a
    /// password change or a disabled user takes effect at once on the instance that made it (it forgets every
    /// token) and within this time on the others. (It spares every API request two lookups.)</summary>
    public static readonly TimeSpan TrustFor = TimeSpan.FromSeconds(5);
    private static readonly MemoryCache Recent = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>Forget every trusted token: after anything that may end a sign-in.</summary>
    public static void ForgetAll() => Recent.Compact(1.0);

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
        await using var session = store.QuerySession();
        PlatformUser? user = null;
        var token = (await session.Query<IssuedToken>().Include<PlatformUser>(t => t.UserId, u => user = u)
            .Where(t => t.Id == hash).ToListAsync(ct)).SingleOrDefault();
        if (token is null || token.Kind != kind || token.Revoked || token.ExpiresAt <= clock.GetUtcNow()) return null;
        if (user is null || !user.Enabled || user.SecurityStamp != token.SecurityStamp) return null;
        if (kind == TokenKind.Access) Recent.Set(hash, (token, user), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TrustFor });
        return (token, user);
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
