using MediatR;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.GridDispatch;

/// <summary>The permissions of the grid-dispatch module. (Since 1.2.)</summary>
public static class GridDispatchPermissions
{
    public const string Read = "grid-dispatch.read";
    public const string ManageGroups = "grid-dispatch.manage-groups";
    public const string Draft = "grid-dispatch.draft";
    public const string Approve = "grid-dispatch.approve";
    public const string Relay = "grid-dispatch.relay";
    public const string Operate = "grid-dispatch.operate";
    public const string Supervise = "grid-dispatch.supervise";
}

public enum DirectiveCategory { Policy, AntiFraud, ExtremeWeather, Emergency, General }

public enum Urgency { Routine, Urgent, Emergency }

/// <summary>Published when a directive has been issued and its tasks exist. The account matrix makes repost
/// tasks for <paramref name="Accounts"/> from it. (Since 1.2.)</summary>
public sealed record DirectiveIssued(Guid DirectiveId, string Title, DirectiveCategory Category, Urgency Urgency,
    OrgUnitId IssuedBy, DateTimeOffset IssuedAt, DateTimeOffset Deadline, int Tasks, IReadOnlyList<Guid> Accounts) : INotification;

/// <summary>Published once when a task passes its deadline without a report. (Since 1.2.)</summary>
public sealed record TaskOverdue(Guid TaskId, Guid DirectiveId, string GroupName, OrgUnitId Unit, DateTimeOffset Deadline) : INotification;

/// <summary>One unit's record over a period, for inspection score cards. (Since 1.2.)</summary>
public sealed record UnitEvaluation(OrgUnitId Unit, string Name, int Assigned, int Done, int OnTime, int Late, int Unable,
    double? MedianResponseMinutes, long Reach, double Score);

/// <summary>The evaluation of the units directly below <paramref name="Parent"/> (counties under the city,
/// streets under a county) over a period; answered by grid-dispatch when deployed. (Since 1.2.)</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
public sealed record GetUnitEvaluations(OrgUnitId Parent, Period Period) : IRequest<IReadOnlyList<UnitEvaluation>>;
