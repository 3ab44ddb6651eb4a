using System.Security.Cryptography;
using System.Text;
using Marten;
using Marten.Patching;

namespace NetInfoSuite.Host.Security;

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, bool MustChangePassword);

/// <summary>Opaque bearer tokens: random values handed out once and stored only as hashes, so a
/// database leak leaks no usable token and revoking is one update seen by every host instance.</summary>
public sealed class TokenService(IDocumentStore store, TimeProvider clock)
{
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(14);

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
        await using var session = store.QuerySession();
        var token = await session.LoadAsync<IssuedToken>(Hash(value), ct);
        if (token is null || token.Kind != kind || token.Revoked || token.ExpiresAt <= clock.GetUtcNow()) return null;
        var user = await session.LoadAsync<PlatformUser>(token.UserId, ct);
        if (user is null || !user.Enabled || user.SecurityStamp != token.SecurityStamp) return null;
        return (token, user);
    }

    /// <summary>Ends a whole sign-in: its refresh token and every access token issued from it.</summary>
    public async Task RevokeFamilyAsync(Guid family, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Patch<IssuedToken>(t => t.Family == family).Set(t => t.Revoked, true);
        await session.SaveChangesAsync(ct);
    }

    private static string NewValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
