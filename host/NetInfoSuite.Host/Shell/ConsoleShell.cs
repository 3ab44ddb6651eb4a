using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Contracts.Shell;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Host.Tenancy;

namespace NetInfoSuite.Host.Shell;

public sealed record NavLink(string Href, string Title);

public sealed record NavGroup(string Title, IReadOnlyList<NavLink> Links);

/// <summary>What the console shows a user around the pages: the navigation of the modules enabled for their
/// tenant and permitted to them (by category, then manifest order), and the home dashboard's cards.</summary>
internal sealed class ConsoleShell(ModuleCatalog catalog, ModuleAccess access, ICaller caller,
    IEnumerable<IDashboardCards> cardProviders, Marten.IQuerySession session, MediatR.IMediator mediator, ILogger<ConsoleShell> log)
{
    /// <summary>Who is signed in, as the header shows it: their name and their unit's name (not login and tenant code).</summary>
    public async Task<(string Name, string Unit)> WhoAsync(CancellationToken ct)
    {
        var user = caller.UserId is { } id ? await session.LoadAsync<PlatformUser>(id, ct) : null;
        var unit = NetInfoSuite.Ui.Text.T("未绑定单位", "No unit");
        if (caller.OrgUnit is { } org)
        {
            try
            {
                unit = (await mediator.Send(new Contracts.Directory.GetOrgUnit(org), ct))?.Name ?? unit;
            }
            catch (Exception ex) when (ex is Contracts.Errors.ModuleUnavailableException or Contracts.Security.ForbiddenException)
            {
                // Without the directory the header still names the person.
            }
        }
        return (user?.Name ?? caller.Login, unit);
    }

    public IReadOnlyList<NavGroup> Navigation()
    {
        var platform = new List<NavLink> { new("/", NetInfoSuite.Ui.Text.T("首页", "Home")), new("/inbox", NetInfoSuite.Ui.Text.T("消息", "Inbox")) };
        if (caller.Has(PermissionRegistry.ManageUsers)) platform.Add(new("/users", NetInfoSuite.Ui.Text.T("用户管理", "Users")));
        if (caller.Has(PermissionRegistry.ReadAudit)) platform.Add(new("/audit", NetInfoSuite.Ui.Text.T("审计日志", "Audit trail")));
        if (caller.Has(PermissionRegistry.ManageOutbox)) platform.Add(new("/outbox", NetInfoSuite.Ui.Text.T("模块间消息", "Module messages")));
        var groups = new List<(string Category, List<NavLink> Links)> { (ModuleCategories.Platform, platform) };

        foreach (var module in catalog.Loaded
                     .Where(m => access.IsActive(caller, m.Id))
                     .OrderBy(m => CategoryRank(m.Manifest!.Category)).ThenBy(m => m.Manifest!.Category, StringComparer.Ordinal)
                     .ThenBy(m => m.Manifest!.Order).ThenBy(m => m.Id, StringComparer.Ordinal))
        {
            var links = module.Manifest!.Navigation.Where(n => caller.Has(n.Permission))
                .Select(n => new NavLink(n.Href, n.Title.Current)).ToList();
            if (links.Count == 0) continue;
            var category = module.Manifest.Category;
            var group = groups.FindIndex(g => g.Category == category);
            if (group < 0) groups.Add((category, links));
            else groups[group].Links.AddRange(links);
        }
        return groups.Select(g => new NavGroup(CategoryTitle(g.Category), g.Links)).ToList();
    }

    /// <summary>The cards of every module enabled for the caller. A module whose cards fail is logged and
    /// left out: the dashboard never breaks because of one module.</summary>
    public async Task<IReadOnlyList<DashboardCard>> CardsAsync(CancellationToken ct)
    {
        var cards = new List<DashboardCard>();
        foreach (var provider in cardProviders)
        {
            var module = catalog.OwnerOf(provider.GetType().Assembly);
            if (module is not null && !access.IsActive(caller, module)) continue;
            try
            {
                cards.AddRange(await provider.CardsForAsync(caller, ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "The dashboard cards of {Module} failed", module ?? provider.GetType().Name);
            }
        }
        // What waits for the user comes first (an operator's open tasks before any figure).
        return cards.OrderByDescending(c => c.Attention).ToList();
    }

    private static int CategoryRank(string category)
    {
        var rank = ModuleCategories.Known.ToList().FindIndex(c => c.Id == category);
        return rank < 0 ? int.MaxValue : rank;
    }

    private static string CategoryTitle(string category) =>
        ModuleCategories.Known.FirstOrDefault(c => c.Id == category).Title?.Current ?? category;
}

/// <summary>The platform's own card: unread notifications.</summary>
internal sealed class InboxCard(MediatR.IMediator mediator) : IDashboardCards
{
    public async Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken ct)
    {
        var unread = await mediator.Send(new CountUnreadNotifications(), ct);
        return [new(new("未读消息", "Unread notifications"), unread.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new("来自各模块的提醒和督办", "Reminders and escalations from every module"), "/inbox", unread > 0)];
    }
}
