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

/// <summary>Who is told: one user, the holders of a role in a unit, or everyone in a unit. Only enabled users
/// count, and only users bound to exactly that unit (not its subtree).</summary>
public sealed record NotificationRecipients
{
    public Guid? UserId { get; init; }
    public OrgUnitId? OrgUnit { get; init; }
    public Role? Role { get; init; }

    public static NotificationRecipients User(Guid userId) => new() { UserId = userId };
    public static NotificationRecipients Unit(OrgUnitId unit) => new() { OrgUnit = unit };
    public static NotificationRecipients RoleIn(Role role, OrgUnitId unit) => new() { OrgUnit = unit, Role = role };
}

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
