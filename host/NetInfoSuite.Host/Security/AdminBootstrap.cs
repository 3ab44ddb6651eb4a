using Marten;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Security;

/// <summary>On an empty user store, creates the first administrator. Its password comes from
/// NetInfo:Admin:InitialPassword, or is generated, printed once and must be changed at first sign-in.
/// There is no default password.</summary>
internal sealed class AdminBootstrap(IDocumentStore store, IConfiguration config, TimeProvider clock,
    ILogger<AdminBootstrap> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.Query<PlatformUser>().AnyAsync(ct)) return;

        var login = (config["NetInfo:Admin:Login"] ?? "admin").Trim().ToLowerInvariant();
        var configured = config["NetInfo:Admin:InitialPassword"];
        if (!string.IsNullOrEmpty(configured) && PasswordPolicy.Check("password", configured, login) is { } weak)
            throw new InvalidOperationException("NetInfo:Admin:InitialPassword: " + weak.MessageEn);
        var password = string.IsNullOrEmpty(configured) ? PasswordPolicy.Generate() : configured;

        var admin = new PlatformUser
        {
            Id = Guid.CreateVersion7(), Login = login, Name = "系统管理员", Roles = [Role.SystemAdmin],
            MustChangePassword = string.IsNullOrEmpty(configured), CreatedAt = clock.GetUtcNow(),
        };
        admin.PasswordHash = SignInService.HashPassword(admin, password);
        session.Store(admin);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex.ToString().Contains("uq_user_login"))
        {
            return; // another host instance created it first
        }

        if (admin.MustChangePassword)
        {
            // Printed once, on the console only: it is not kept anywhere.
            Console.WriteLine($"""

                ==============================================================
                 First administrator created.  Login: {login}
                 One-time password: {password}
                 It must be changed at first sign-in (POST /api/auth/password).
                ==============================================================

                """);
        }
        log.LogWarning("Created the first administrator '{Login}'", login);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
