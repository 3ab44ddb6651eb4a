using FluentValidation;
using Marten;
using MediatR;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Users;

/// <summary>A new user bound to one unit. Without a password a one-time one is generated; a given password
/// is temporary unless <paramref name="Temporary"/> is false (service accounts).</summary>
[RequiresPermission(PermissionRegistry.ManageUsers)]
public sealed record CreateUser(string Login, string Name, Guid OrgUnitId, IReadOnlyList<Role> Roles,
    string? Password = null, bool Temporary = true, string? Phone = null) : ICommand<UserWithPassword>;

internal sealed class CreateUserValidator : AbstractValidator<CreateUser>
{
    public CreateUserValidator()
    {
        RuleFor(x => x.Login).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9._-]+$");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.OrgUnitId).NotEmpty();
        RuleFor(x => x.Roles).NotEmpty();
        RuleForEach(x => x.Roles).IsInEnum();
        RuleFor(x => x.Phone).Matches(UserRules.PhonePattern).When(x => !string.IsNullOrWhiteSpace(x.Phone));
    }
}

internal sealed class CreateUserHandler(IDocumentSession session, OrgScope scope, ICaller caller, TimeProvider clock)
    : IRequestHandler<CreateUser, UserWithPassword>
{
    public async Task<UserWithPassword> Handle(CreateUser command, CancellationToken ct)
    {
        var login = command.Login.Trim().ToLowerInvariant();
        var path = await scope.PathAsync(command.OrgUnitId, ct);
        if (path.Count == 0)
            throw new RuleViolationException("orgUnitId", "组织机构不存在", "The org unit does not exist");
        UserRules.CheckGrantable(caller, command.Roles);
        if (await session.Query<PlatformUser>().AnyAsync(u => u.Login == login, ct))
            throw new RuleViolationException("login", $"登录名 {login} 已被使用", $"The login {login} is already in use");
        var password = command.Password ?? PasswordPolicy.Generate();
        if (PasswordPolicy.Check("password", password, login) is { } weak) throw new RuleViolationException([weak]);

        var user = new PlatformUser
        {
            Id = Guid.CreateVersion7(), Login = login, Name = command.Name.Trim(), OrgUnitId = command.OrgUnitId,
            Tenant = Tenants.Of(path), Roles = command.Roles.Distinct().ToList(), Phone = UserRules.NormalizePhone(command.Phone),
            MustChangePassword = command.Password is null || command.Temporary, CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = SignInService.HashPassword(user, password);
        session.Insert(user);
        await session.SaveChangesAsync(ct);
        return new UserWithPassword(user.Id, UserView.Of(user), command.Password is null ? password : null);
    }
}
