using MediatR;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.Inspection;

/// <summary>The permissions of the inspection module. (Since 1.9.)</summary>
public static class InspectionPermissions
{
    /// <summary>See plans and score cards.</summary>
    public const string Read = "inspection.read";
    /// <summary>Draw up plans: targets, indicators, grades.</summary>
    public const string Plans = "inspection.plans";
    /// <summary>Score targets and finalise their cards.</summary>
    public const string Score = "inspection.score";
    /// <summary>Publish a plan's results (frozen from then on).</summary>
    public const string Publish = "inspection.publish";
    /// <summary>Run tours (巡察): visits, findings and their rectification.</summary>
    public const string Tours = "inspection.tours";
}

/// <summary>One unit's result in one published evaluation plan (目标管理): its total, grade and rank within its group.
/// (Since 1.9.)</summary>
public sealed record YearlyResult(OrgUnitId Unit, string UnitName, Guid Plan, string PlanName, string OrganiserName, string Group,
    double Total, double FullMarks, string Grade, bool Vetoed, int Rank, int GroupSize, DateTimeOffset PublishedAt);

/// <summary>目标管理: the published evaluation results of a year, for the units' annual assessment. Each result of every
/// plan published for <paramref name="Year"/> whose target lies in the caller's subtree, or whose plan the caller's
/// subtree runs; with <paramref name="Unit"/>, only that unit's results. Results of plans not yet published are not
/// results. Answered by the inspection module. (Since 1.9.)</summary>
[RequiresPermission(InspectionPermissions.Read)]
public sealed record GetYearlyResults(int Year, OrgUnitId? Unit = null) : IRequest<IReadOnlyList<YearlyResult>>;
