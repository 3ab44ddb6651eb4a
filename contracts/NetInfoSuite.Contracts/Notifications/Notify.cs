using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.Notifications;

/// <summary>Tells people something: a dormant-account warning, an escalation, a notice deadline. Each
/// recipient gets it in the console's inbox and through every delivery channel deployed. (Since 1.2.)</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record Notify(NotificationRecipients To, LocalizedText Subject, LocalizedText Body, string? Link, string Kind)
    : ICommand<NotifyResult>;

/// <summary>How many users the notification reached.</summary>
public sealed record NotifyResult(int Recipients);

/// <summary>Who is told: one user, the holders of a role in a unit, everyone in a unit, users by login, or the
/// holders of a permission at the nearest of several units. Only enabled users count, and only users bound to
/// exactly the unit named (not its subtree).</summary>
public sealed record NotificationRecipients
{
    public Guid? UserId { get; init; }
    public OrgUnitId? OrgUnit { get; init; }
    public Role? Role { get; init; }
    /// <summary>Only users holding this permission (through any of their roles). (Since 1.6.)</summary>
    public string? Permission { get; init; }
    /// <summary>Units nearest first (a street, its county, the city): only the first of them that has a user
    /// matching the other conditions is told. (Since 1.6.)</summary>
    public IReadOnlyList<OrgUnitId>? Nearest { get; init; }
    /// <summary>These users, by login (e.g. a grid group's named operators). (Since 1.6.)</summary>
    public IReadOnlyList<string>? Logins { get; init; }

    public static NotificationRecipients User(Guid userId) => new() { UserId = userId };
    public static NotificationRecipients Unit(OrgUnitId unit) => new() { OrgUnit = unit };
    public static NotificationRecipients RoleIn(Role role, OrgUnitId unit) => new() { OrgUnit = unit, Role = role };
    /// <summary>(Since 1.6.)</summary>
    public static NotificationRecipients Users(IReadOnlyList<string> logins) => new() { Logins = logins };
    /// <summary>The holders of <paramref name="permission"/> at the first of the units that has one. (Since 1.6.)</summary>
    public static NotificationRecipients NearestWith(string permission, IReadOnlyList<OrgUnitId> unitsNearestFirst) =>
        new() { Permission = permission, Nearest = unitsNearestFirst };
}

/// <summary>Of these units (nearest first), the first that has an enabled user holding the permission; null when
/// none has. Lets a module gather what it tells one level into one notice. (Since 1.6.)</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record FindNearestUnitWith(string Permission, IReadOnlyList<OrgUnitId> UnitsNearestFirst) : MediatR.IRequest<OrgUnitId?>;

/// <summary>A way to reach people besides the console inbox (SMS, WeCom...). A gateway plugin registers one
/// in <see cref="IModule.Register"/>; a failing channel is logged and never stops the others.</summary>
public interface INotificationChannel
{
    string Name { get; }
    Task SendAsync(NotificationDelivery delivery, CancellationToken cancellationToken);
}

/// <summary>One notification for one user, with the contact details a channel needs.</summary>
public sealed record NotificationDelivery(Guid UserId, string Login, string Name, string? Phone,
    LocalizedText Subject, LocalizedText Body, string? Link, string Kind);
