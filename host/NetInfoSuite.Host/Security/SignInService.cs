using Marten;
using Microsoft.AspNetCore.Identity;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Audit;

namespace NetInfoSuite.Host.Security;

/// <summary>Checks a login and password, with lock-out: 5 failures lock the login for 15 minutes, 20 failures
/// from one client address lock that address, counted over 15-minute windows in the shared database.</summary>
public sealed class SignInService(IDocumentStore store, TimeProvider clock, AuditWriter audit, ILogger<SignInService> log)
{
    public const int MaxFailuresPerLogin = 5;
    public const int MaxFailuresPerAddress = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private static readonly PasswordHasher<PlatformUser> Hasher = new();

    public static string HashPassword(PlatformUser user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(PlatformUser user, string password) =>
        !string.IsNullOrEmpty(user.PasswordHash) &&
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>The user, or a 400 that says only "wrong login or password" (or "locked") either way.
    /// Every attempt leaves an audit record.</summary>
    public async Task<PlatformUser> CheckAsync(string? login, string? password, string clientAddress, CancellationToken ct)
    {
        var caller = new SignInCaller((login ?? "").Trim().ToLowerInvariant());
        try
        {
            var user = await VerifyAsync(login, password, clientAddress, ct);
            await audit.WriteAsync(caller with { UserId = user.Id }, "SignIn", user.Id.ToString(), AuditOutcome.Ok, null);
            return user;
        }
        catch (RuleViolationException ex)
        {
            await audit.WriteAsync(caller, "SignIn", null, AuditOutcome.Rejected, $"{ex.Message} (from {clientAddress})");
            throw;
        }
    }

    private async Task<PlatformUser> VerifyAsync(string? login, string? password, string clientAddress, CancellationToken ct)
    {
        login = (login ?? "").Trim().ToLowerInvariant();
        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        var byLogin = await Counter(session, "login:" + login, now, ct);
        var byAddress = await Counter(session, "addr:" + clientAddress, now, ct);
        if (byLogin.LockedUntil > now || byAddress.LockedUntil > now)
            throw new RuleViolationException("login", "尝试次数过多，账号已临时锁定，请 15 分钟后再试",
                "Too many failed attempts: sign-in is locked for 15 minutes");

        var user = await session.Query<PlatformUser>().FirstOrDefaultAsync(u => u.Login == login, ct);
        if (user is null || !user.Enabled || !Verify(user, password ?? ""))
        {
            Fail(byLogin, MaxFailuresPerLogin, now);
            Fail(byAddress, MaxFailuresPerAddress, now);
            session.Store(byLogin, byAddress);
            await session.SaveChangesAsync(ct);
            log.LogWarning("Failed sign-in for {Login} from {Address}", login, clientAddress);
            throw new RuleViolationException("password", "登录名或密码不正确", "Wrong login or password");
        }

        session.Delete<SignInFailures>(byLogin.Id);
        user.LastSignInAt = now;
        session.Store(user);
        await session.SaveChangesAsync(ct);
        return user;
    }

    private static async Task<SignInFailures> Counter(IDocumentSession session, string id, DateTimeOffset now, CancellationToken ct)
    {
        var counter = await session.LoadAsync<SignInFailures>(id, ct);
        if (counter is null || (now - counter.WindowStart > Window && !(counter.LockedUntil > now)))
            counter = new SignInFailures { Id = id, WindowStart = now };
        return counter;
    }

    private static void Fail(SignInFailures counter, int max, DateTimeOffset now)
    {
        counter.Count++;
        if (counter.Count >= max) counter.LockedUntil = now + Window;
    }

    /// <summary>The caller of a sign-in attempt: nobody yet, only the login typed.</summary>
    private sealed record SignInCaller(string Login) : ICaller
    {
        public Guid? UserId { get; init; }
        public OrgUnitId? OrgUnit => null;
        public TenantId Tenant => new(Tenants.City);
        public IReadOnlySet<Role> Roles { get; } = new HashSet<Role>();
        public bool IsSystem => false;
        public bool IsCityWide => false;
        public bool Has(string permission) => false;
    }
}
