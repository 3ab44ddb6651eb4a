using System.Globalization;
using NetInfoSuite.Contracts.Shell;

namespace NetInfoSuite.Modules.AccountMatrix.Dashboards;

/// <summary>The matrix's cards on the home dashboard: live accounts, dormant ones, pieces waiting for review and
/// messages waiting for a reply, each in the caller's subtree and linking to where to act.</summary>
internal sealed class MatrixCards(IMediator mediator, IOfficeClock clock) : IDashboardCards
{
    public async Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken ct)
    {
        if (!caller.Has(AccountMatrixPermissions.Read)) return [];
        var today = clock.Today;
        var active = (await mediator.Send(new Registry.ListAccounts(null, AccountStatus.Active, 1, 1), ct)).Total;
        var dormant = (await mediator.Send(new Dormant.GetDormantAccounts(today), ct)).Count;
        var inReview = (await mediator.Send(new Publishing.ListPublications(true, 1, 1), ct)).Total;
        var waiting = (await mediator.Send(new Messages.ListMessages(true, 1, 1), ct)).Total;
        static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
        return
        [
            new(new("运营中的新媒体账号", "Active accounts"), N(active), new("本单位及下级", "Your unit and below"), "/account-matrix"),
            new(new("僵尸号", "Dormant accounts"), N(dormant), new("超过规定天数未发布", "No post within the set days"), "/account-matrix/dormant", dormant > 0),
            new(new("待审核稿件", "Pieces in review"), N(inReview), new("先审后发", "Review before publishing"), "/account-matrix/publishing?inReview=true", inReview > 0),
            new(new("未回复留言", "Unanswered messages"), N(waiting), new("网民留言", "Netizen messages"), "/account-matrix/messages?unanswered=true", waiting > 0),
        ];
    }
}
