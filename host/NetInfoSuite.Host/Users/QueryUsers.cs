using FluentValidation;
using Marten;
using Marten.Pagination;
using MediatR;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Users;

[RequiresPermission(PermissionRegistry.ManageUsers)]
public sealed record GetUser(Guid Id) : IRequest<UserView>;

internal sealed class GetUserHandler(IQuerySession session, OrgScope scope, ICaller caller) : IRequestHandler<GetUser, UserView>
{
    public async Task<UserView> Handle(GetUser request, CancellationToken ct) =>
        UserView.Of(await session.LoadInScope(request.Id, scope, caller, ct));
}

/// <summary>Users by login or name; a county admin sees only the users of its own subtree.</summary>
[RequiresPermission(PermissionRegistry.ManageUsers)]
public sealed record ListUsers(string? Search, int Page, int PageSize) : IRequest<Page<UserView>>;

internal sealed class ListUsersValidator : AbstractValidator<ListUsers>
{
    public ListUsersValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 500);
    }
}

internal sealed class ListUsersHandler(IQuerySession session, OrgScope scope, ICaller caller)
    : IRequestHandler<ListUsers, Page<UserView>>
{
    public async Task<Page<UserView>> Handle(ListUsers request, CancellationToken ct)
    {
        var query = session.Query<PlatformUser>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var s = request.Search.Trim();
            query = query.Where(u => u.Login.Contains(s) || u.Name.Contains(s));
        }
        if (await scope.SubtreeIdsAsync(ct) is { } visible)
        {
            var ids = visible.Cast<Guid?>().ToArray();
            query = query.Where(u => u.OrgUnitId.IsOneOf(ids));
        }
        // Users above the caller are not shown (see UserRules.LoadInScope).
        if (!UserRules.CanGrant(caller, Role.SystemAdmin))
            query = query.Where(u => u.OrgUnitId != null && !u.Roles.Contains(Role.SystemAdmin));
        if (!UserRules.CanGrant(caller, Role.CityAdmin))
            query = query.Where(u => !u.Roles.Contains(Role.CityAdmin));
        var page = await query.OrderBy(u => u.Login).ToPagedListAsync(request.Page, request.PageSize, ct);
        return new Page<UserView>(page.Select(UserView.Of).ToList(), request.Page, request.PageSize, page.TotalItemCount);
    }
}
