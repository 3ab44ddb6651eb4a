using System.Globalization;
using NetInfoSuite.Contracts.Shell;

namespace NetInfoSuite.Modules.NetizenRegistry.Dashboard;

/// <summary>The registry's cards on the home dashboard, in the caller's subtree: personalities kept, good netizens,
/// duplicates from imports waiting for a decision, and personal exports waiting for a second officer.</summary>
internal sealed class RegistryCards(IMediator mediator) : IDashboardCards
{
    public async Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken ct)
    {
        if (!caller.Has(NetizenRegistryPermissions.Read)) return [];
        var personalities = (await mediator.Send(new Profiles.ListProfiles(null, null, null, 1, 1), ct)).Total;
        var good = (await mediator.Send(new GoodNetizens.ListGoodNetizens(), ct)).Count;
        var duplicates = (await mediator.Send(new Survey.ListDuplicates(), ct)).Count;
        static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
        var cards = new List<DashboardCard>
        {
            new(new("网络人士", "Online personalities"), N(personalities), new("本单位及下级联系的", "Kept by your unit and below"), "/netizen-registry"),
            new(new("好网民", "Good netizens"), N(good), new("典型与获得荣誉的", "Typical examples and honoured"), "/netizen-registry/good-netizens"),
            new(new("待确认的重复登记", "Possible duplicates"), N(duplicates), new("合并或保留", "Merge or keep"), "/netizen-registry/duplicates", duplicates > 0),
        };
        if (caller.Has(NetizenRegistryPermissions.Reveal))
        {
            var waiting = (await mediator.Send(new Exports.ListPersonalExports(), ct)).Count(r => r.State == Exports.ExportState.Waiting && r.RequestedBy != caller.Login);
            cards.Add(new(new("待审批的个人信息导出", "Exports to approve"), N(waiting), new("须另一名登记员审批", "Another officer approves"), "/netizen-registry/exports", waiting > 0));
        }
        return cards;
    }
}
