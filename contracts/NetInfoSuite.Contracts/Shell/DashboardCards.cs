using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.Shell;

/// <summary>A module's cards on the home dashboard (e.g. "3 overdue tasks"). Register implementations in
/// <see cref="IModule.Register"/>; the host asks them per request, in the caller's scope, and shows only those
/// of modules enabled for the caller's tenant. (Since 1.2.)</summary>
public interface IDashboardCards
{
    Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken cancellationToken);
}

/// <summary>One figure with what it counts and where to act on it. <paramref name="Attention"/> marks
/// something waiting for the user (overdue, dormant, open notices).</summary>
public sealed record DashboardCard(LocalizedText Title, string Figure, LocalizedText Detail, string Href, bool Attention = false);
