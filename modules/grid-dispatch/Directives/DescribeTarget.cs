using NetInfoSuite.Contracts.AccountMatrix;
using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Modules.GridDispatch.Groups;
using static NetInfoSuite.Ui.Text;

namespace NetInfoSuite.Modules.GridDispatch.Directives;

/// <summary>A directive's target in words, for its page: units, group kinds, groups and accounts by name (what lies
/// outside the caller's subtree is left out). Nothing named: empty, the issuer's whole subtree.</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record DescribeTarget(DirectiveTarget Target) : IRequest<IReadOnlyList<(string Label, string Text)>>;

internal sealed class DescribeTargetHandler(IQuerySession session, ICallerScope scope, IMediator mediator)
    : IRequestHandler<DescribeTarget, IReadOnlyList<(string Label, string Text)>>
{
    public async Task<IReadOnlyList<(string Label, string Text)>> Handle(DescribeTarget query, CancellationToken ct)
    {
        var t = query.Target;
        var lines = new List<(string, string)>();
        if (t.OrgUnits.Count > 0)
        {
            // Units above a street's or an operator's reach have no name to show them: the count, never an empty line.
            var units = Join((await mediator.Send(new GetOrgUnits(t.OrgUnits.Select(u => new OrgUnitId(u)).ToList()), ct)).Select(u => u.Name));
            lines.Add((T("目标单位", "Target units"), units.Length > 0 ? units : T($"{t.OrgUnits.Count} 个", $"{t.OrgUnits.Count}")));
        }
        if (t.Kinds.Count > 0)
            lines.Add((T("群类型", "Group kinds"), Join(t.Kinds.Select(GroupSheet.KindName))));
        if (t.Groups.Count > 0)
            lines.Add((T("指定网格群", "Particular groups"), Join((await session.LoadManyInScopeAsync<GridGroup>(scope, t.Groups, ct)).Select(g => g.Name))));
        if (t.Accounts.Count > 0)
        {
            var names = new List<string>();
            try
            {
                foreach (var id in t.Accounts)
                    if (await mediator.Send(new GetAccount(id), ct) is { } account) names.Add(account.Name);
            }
            catch (ModuleUnavailableException) { } // without the account matrix the accounts have no names to show
            lines.Add((T("转发账号", "Accounts to repost"), names.Count > 0 ? Join(names) : T($"{t.Accounts.Count} 个", $"{t.Accounts.Count}")));
        }
        return lines;
    }

    private static string Join(IEnumerable<string> names) => string.Join(T("、", ", "), names.Where(n => n.Length > 0));
}
