using FluentValidation;
using Marten;
using Marten.Patching;
using MediatR;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Users;

/// <summary>Name, unit, roles and enabled flag. Any change to unit, roles or enabled ends the user's
/// sessions and tokens (new security stamp).</summary>
[RequiresPermission(PermissionRegistry.ManageUsers)]
public sealed record UpdateUser(Guid Id, string Name, Guid OrgUnitId, IReadOnlyList<Role> Roles, bool Enabled, string? Phone = null)
    : ICommand<UserView>;

internal sealed class UpdateUserValidator : AbstractValidator<UpdateUser>
{
    public UpdateUserValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.OrgUnitId).NotEmpty();
        RuleFor(x => x.Roles).NotEmpty();
        RuleForEach(x => x.Roles).IsInEnum();
        RuleFor(x => x.Phone).Matches(UserRules.PhonePattern).When(x => !string.IsNullOrWhiteSpace(x.Phone));
    }
}

internal sealed class UpdateUserHandler(IDocumentSession session, OrgScope scope, ICaller caller)
    : IRequestHandler<UpdateUser, UserView>
{
    public async Task<UserView> Handle(UpdateUser command, CancellationToken ct)
    {
        var user = await session.LoadInScope(command.Id, scope, caller, ct);
        var path = await scope.PathAsync(command.OrgUnitId, ct);
        if (path.Count == 0)
            throw new RuleViolationException("orgUnitId", "组织机构不存在", "The org unit does not exist");
        UserRules.CheckGrantable(caller, command.Roles.Except(user.Roles));
        if (user.Id == caller.UserId && !command.Enabled)
            throw new RuleViolationException("enabled", "不能停用自己的账号", "You cannot disable your own account");

        var securityChange = user.OrgUnitId != command.OrgUnitId || user.Enabled != command.Enabled ||
                             !user.Roles.Order().SequenceEqual(command.Roles.Distinct().Order());
        user.Name = command.Name.Trim();
        user.OrgUnitId = command.OrgUnitId;
        user.Tenant = Tenants.Of(path);
        user.Roles = command.Roles.Distinct().ToList();
        user.Enabled = command.Enabled;
        user.Phone = UserRules.NormalizePhone(command.Phone);
        if (securityChange)
        {
            user.SecurityStamp = Guid.NewGuid();
            session.Patch<IssuedToken>(t => t.UserId == user.Id).Set(t => t.Revoked, true);
        }
        session.Store(user);
        await session.SaveChangesAsync(ct);
        TokenService.ForgetAll(); // tokens of the old stamp end now on this instance
        return UserView.Of(user);
    }
}

/// <summary>A new one-time password; the user's sessions and tokens end.</summary>
[RequiresPermission(PermissionRegistry.ManageUsers)]
public sealed record ResetPassword(Guid Id) : ICommand<UserWithPassword>;

internal sealed class ResetPasswordHandler(IDocumentSession session, OrgScope scope, ICaller caller)
    : IRequestHandler<ResetPassword, UserWithPassword>
{
    public async Task<UserWithPassword> Handle(ResetPassword command, CancellationToken ct)
    {
        var user = await session.LoadInScope(command.Id, scope, caller, ct);
        var password = PasswordPolicy.Generate();
        user.PasswordHash = SignInService.HashPassword(user, password);
        user.MustChangePassword = true;
        user.SecurityStamp = Guid.NewGuid();
        session.Patch<IssuedToken>(t => t.UserId == user.Id).Set(t => t.Revoked, true);
        session.Store(user);
        await session.SaveChangesAsync(ct);
        TokenService.ForgetAll(); // tokens of the old stamp end now on this instance
        return new UserWithPassword(user.Id, UserView.Of(user), password);
    }
}
