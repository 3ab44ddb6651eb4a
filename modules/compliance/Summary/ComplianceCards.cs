using System.Globalization;
using NetInfoSuite.Contracts.Shell;
using NetInfoSuite.Modules.Compliance.Cases;
using NetInfoSuite.Modules.Compliance.Notices;
using NetInfoSuite.Modules.Compliance.Websites;

namespace NetInfoSuite.Modules.Compliance.Summary;

/// <summary>The home page's compliance cards: notices waiting for the caller's unit (to sign for or report on), overdue
/// notices, open cases and failing websites of the caller's subtree, each leading to its list.</summary>
internal sealed class ComplianceCards(IMediator mediator) : IDashboardCards
{
    public async Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken ct)
    {
        if (!caller.Has(CompliancePermissions.Read)) return [];
        var cards = new List<DashboardCard>();
        if (caller.Has(CompliancePermissions.Respond))
        {
            var received = (await mediator.Send(new ListNotices(NoticeFilter.Received, Open: true, PageSize: 1), ct)).Total;
            cards.Add(new(new("待办整改通知书", "Notices to answer"), Text(received), new("本单位收到、尚未办结的整改通知书", "Notices your unit received that are still open"),
                "/compliance/notices?filter=Received", received > 0));
        }
        if (caller.Has(CompliancePermissions.Notices))
        {
            var overdue = (await mediator.Send(new ListNotices(NoticeFilter.Overdue, PageSize: 1), ct)).Total;
            cards.Add(new(new("逾期整改通知书", "Overdue notices"), Text(overdue), new("已过整改期限仍未报告", "Past their deadline without a report"),
                "/compliance/notices?filter=Overdue", overdue > 0));
        }
        if (caller.Has(CompliancePermissions.Cases))
        {
            var open = (await mediator.Send(new ListCases(CaseStatus.Open, PageSize: 1), ct)).Total;
            cards.Add(new(new("待处理审核案件", "Open review cases"), Text(open), new("尚未下发整改或不予处理的案件", "Cases with neither a notice nor a dismissal"),
                "/compliance/cases?status=Open", open > 0));
        }
        if (caller.Has(CompliancePermissions.Registry))
        {
            var failing = (await mediator.Send(new ListWebsites(WebsiteFilter.Failing, PageSize: 1), ct)).Total;
            cards.Add(new(new("检测未通过的网站", "Websites failing checks"), Text(failing), new("最近一次检测发现问题的党政机关网站", "Government websites whose last check found a problem"),
                "/compliance/websites?filter=Failing", failing > 0));
        }
        return cards;
    }

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);
}
