using Marten;
using Microsoft.AspNetCore.Identity;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Audit;

namespace NetInfoSuite.Host.Security;

/// <summary>Checks a login and password, with lock-out: 5 failures lock the login for 15 minutes, 20 failures
/// from one client address lock that address, counted over 15-minute windows in the shared database, atomically
/// (<see cref="SignInAttempts"/>).</summary>
public sealed class SignInService(IDocumentStore store, TimeProvider clock, AuditWriter audit, SignInAttempts attempts,
    ILogger<SignInService> log)
{
    public const int MaxFailuresPerLogin = 5;
    public const int MaxFailuresPerAddress = 20;
    /// <summary>Longer logins are refused before anything else (users' logins have at most 64 characters).</summary>
    public const int MaxLoginLength = 256;
    public static readonly TimeSpan Window = SignInAttempts.Window;
    private static readonly PasswordHasher<PlatformUser> Hasher = new();
    // Checked when the login is unknown, so that an unknown login takes as long as a known one.
    private static readonly PlatformUser Nobody = new() { Login = "" };
    private static readonly string NobodyHash = Hasher.HashPassword(Nobody, Guid.NewGuid().ToString());

    public static string HashPassword(PlatformUser user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(PlatformUser user, string password) =>
        !string.IsNullOrEmpty(user.PasswordHash) &&
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>The user, or a 400 that says only "wrong login or password" (or "locked") either way.
    /// Every attempt leaves an audit record.</summary>
    public async Task<PlatformUser> CheckAsync(string? login, string? password, string clientAddress, CancellationToken ct)
    {
        login = (login ?? "").Trim().ToLowerInvariant();
        if (login.Length > MaxLoginLength) throw WrongLoginOrPassword();
        await using var session = store.LightweightSession();
        var user = await session.Query<PlatformUser>().FirstOrDefaultAsync(u => u.Login == login, ct);
        var caller = new SignInCaller(login, user);
        try
        {
            await GuardAsync(login, clientAddress, () => user is null ? VerifyNobody(password) : Verify(user, password ?? "") && user.Enabled, ct);
            user!.LastSignInAt = clock.GetUtcNow();
            session.Store(user);
            await session.SaveChangesAsync(ct);
            await audit.WriteAsync(caller with { UserId = user.Id }, "SignIn", user.Id.ToString(), AuditOutcome.Ok, null);
            return user;
        }
        catch (RuleViolationException ex)
        {
            await audit.WriteAsync(caller, "SignIn", user?.Id.ToString(), AuditOutcome.Rejected, $"{ex.Message} (from {clientAddress})");
            throw;
        }
    }

    /// <summary>Runs one password check under the lock-out rules of <paramref name="login"/> and the client's address:
    /// refused unchecked while either is locked; a failed check counts against both.</summary>
    public async Task GuardAsync(string login, string clientAddress, Func<bool> check, CancellationToken ct)
    {
        var loginKey = SignInAttempts.Key("login", login);
        var addressKey = SignInAttempts.Key("addr", clientAddress);
        if (await attempts.ClaimAsync(loginKey, MaxFailuresPerLogin, ct) is not { } taken) throw Locked();
        if (await attempts.ClaimAsync(addressKey, MaxFailuresPerAddress, ct) is null)
        {
            await attempts.ReleaseAsync(loginKey, ct);
            throw Locked();
        }
        if (!check())
        {
            log.LogWarning("Failed sign-in for {Login} from {Address}", login, clientAddress);
            throw WrongLoginOrPassword();
        }
        await attempts.ResetAsync(loginKey, taken, ct);
        await attempts.ReleaseAsync(addressKey, ct);
    }

    /// <summary>Always false, after as much work as checking a real password.</summary>
    private static bool VerifyNobody(string? password)
    {
        Hasher.VerifyHashedPassword(Nobody, NobodyHash, password ?? "");
        return false;
    }

    private static RuleViolationException Locked() => new("login", "尝试次数过多，账号已临时锁定，请 15 分钟后再试",
        "Too many failed attempts: sign-in is locked for 15 minutes");

    private static RuleViolationException WrongLoginOrPassword() =>
        new("password", "登录名或密码不正确", "Wrong login or password");

    /// <summary>The caller of a sign-in attempt: the user the login names (its unit and tenant in the audit record),
    /// or nobody with only the login typed.</summary>
    private sealed record SignInCaller(string Login, PlatformUser? Named) : ICaller
    {
        public Guid? UserId { get; init; }
        public OrgUnitId? OrgUnit => Named?.OrgUnitId is { } org ? new OrgUnitId(org) : null;
        public TenantId Tenant => new(Named?.Tenant ?? Tenants.City);
        public IReadOnlySet<Role> Roles { get; } = new HashSet<Role>();
        public bool IsSystem => false;
        public bool IsCityWide => false;
        public bool Has(string permission) => false;
    }
}
