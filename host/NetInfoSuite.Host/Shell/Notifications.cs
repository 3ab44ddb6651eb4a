using FluentValidation;
using Marten;
using MediatR;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Notifications;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Shell;

/// <summary>One notification in one user's inbox.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string Kind { get; set; } = "";
    public string SubjectZhCn { get; set; } = "";
    public string SubjectEn { get; set; } = "";
    public string BodyZhCn { get; set; } = "";
    public string BodyEn { get; set; } = "";
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

public sealed record NotificationView(Guid Id, string Kind, string Subject, string Body, string? Link,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public static NotificationView Of(Notification n) => new(n.Id, n.Kind,
        new LocalizedText(n.SubjectZhCn, n.SubjectEn).Current, new LocalizedText(n.BodyZhCn, n.BodyEn).Current,
        n.Link, n.CreatedAt, n.ReadAt);
}

internal sealed class NotifyValidator : AbstractValidator<Notify>
{
    public NotifyValidator()
    {
        RuleFor(x => x.To).NotNull()
            .Must(to => to.UserId is not null || to.OrgUnit is not null || to.Nearest is { Count: > 0 } || to.Logins is { Count: > 0 })
            .WithMessage(_ => new LocalizedText("须指定用户或单位", "Name a user or a unit").Current);
        RuleFor(x => x.Subject.ZhCn).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Body.ZhCn).MaximumLength(4000);
        RuleFor(x => x.Kind).NotEmpty().MaximumLength(64);
        // Links stay inside the console: no open redirect through a notification.
        RuleFor(x => x.Link).Must(l => l is null || (l.StartsWith('/') && !l.StartsWith("//")))
            .WithMessage(_ => new LocalizedText("链接须为站内路径（以 / 开头）", "The link must be a path in the console (starting with /)").Current);
    }
}

/// <summary>Stores one inbox entry per recipient, then hands each to every delivery channel. The inbox is the
/// record; a channel that fails is logged and never undoes it.</summary>
internal sealed class NotifyHandler(IDocumentSession session, PermissionRegistry permissions, IEnumerable<INotificationChannel> channels,
    TimeProvider clock, ILogger<NotifyHandler> log) : IRequestHandler<Notify, NotifyResult>
{
    public async Task<NotifyResult> Handle(Notify command, CancellationToken ct)
    {
        var users = await Recipients.FindAsync(session, permissions, command.To, ct);

        var now = clock.GetUtcNow();
        foreach (var user in users)
            session.Insert(new Notification
            {
                Id = Guid.CreateVersion7(), UserId = user.Id, Kind = command.Kind, Link = command.Link, CreatedAt = now,
                SubjectZhCn = command.Subject.ZhCn, SubjectEn = command.Subject.En,
                BodyZhCn = command.Body.ZhCn, BodyEn = command.Body.En,
            });
        await session.SaveChangesAsync(ct);

        foreach (var user in users)
        foreach (var channel in channels)
        {
            try
            {
                await channel.SendAsync(new NotificationDelivery(user.Id, user.Login, user.Name, user.Phone,
                    command.Subject, command.Body, command.Link, command.Kind), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Channel {Channel} could not deliver {Kind} to {Login}", channel.Name, command.Kind, user.Login);
            }
        }
        return new NotifyResult(users.Count);
    }
}

/// <summary>Who a <see cref="NotificationRecipients"/> names: every condition it sets holds; with Nearest, only the
/// users of the first listed unit that has any.</summary>
internal static class Recipients
{
    public static async Task<List<PlatformUser>> FindAsync(IQuerySession session, PermissionRegistry permissions,
        NotificationRecipients to, CancellationToken ct)
    {
        var query = session.Query<PlatformUser>().Where(u => u.Enabled);
        if (to.UserId is { } userId) query = query.Where(u => u.Id == userId);
        if (to.OrgUnit is { } unit) query = query.Where(u => u.OrgUnitId == unit.Value);
        if (to.Logins is { } logins) query = query.Where(u => u.Login.IsOneOf(logins.ToArray()));
        Guid?[] nearest = [.. (to.Nearest ?? []).Select(u => (Guid?)u.Value)];
        if (nearest.Length > 0) query = query.Where(u => u.OrgUnitId.IsOneOf(nearest));
        var users = (await query.ToListAsync(ct))
            .Where(u => (to.Role is not { } role || u.Roles.Contains(role))
                        && (to.Permission is not { } permission || permissions.Grants(u.Roles, permission)))
            .ToList();
        if (nearest.Length == 0) return users;
        var first = nearest.FirstOrDefault(id => users.Any(u => u.OrgUnitId == id));
        return users.Where(u => first is not null && u.OrgUnitId == first).ToList();
    }
}

internal sealed class FindNearestUnitWithHandler(IQuerySession session, PermissionRegistry permissions)
    : IRequestHandler<FindNearestUnitWith, OrgUnitId?>
{
    public async Task<OrgUnitId?> Handle(FindNearestUnitWith query, CancellationToken ct)
    {
        if (query.UnitsNearestFirst.Count == 0) return null;
        var users = await Recipients.FindAsync(session, permissions, NotificationRecipients.NearestWith(query.Permission, query.UnitsNearestFirst), ct);
        return users.FirstOrDefault()?.OrgUnitId is { } unit ? new OrgUnitId(unit) : null;
    }
}

/// <summary>The caller's inbox, newest first.</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record ListNotifications(bool UnreadOnly, int PageNumber = 1, int PageSize = 20) : IRequest<Page<NotificationView>>;

internal sealed class ListNotificationsValidator : AbstractValidator<ListNotifications>
{
    public ListNotificationsValidator()
    {
        RuleFor(x => x.PageNumber).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 200);
    }
}

internal sealed class ListNotificationsHandler(IQuerySession session, ICaller caller)
    : IRequestHandler<ListNotifications, Page<NotificationView>>
{
    public async Task<Page<NotificationView>> Handle(ListNotifications query, CancellationToken ct)
    {
        var userId = caller.UserId ?? Guid.Empty;
        var mine = session.Query<Notification>().Where(n => n.UserId == userId);
        if (query.UnreadOnly) mine = mine.Where(n => n.ReadAt == null);
        var total = await mine.CountAsync(ct);
        var items = await mine.OrderByDescending(n => n.CreatedAt)
            .Skip((query.PageNumber - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new Page<NotificationView>(items.Select(NotificationView.Of).ToList(), query.PageNumber, query.PageSize, total);
    }
}

/// <summary>How many notifications the caller has not read (the count beside the inbox link).</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record CountUnreadNotifications : IRequest<int>;

internal sealed class CountUnreadNotificationsHandler(IQuerySession session, ICaller caller)
    : IRequestHandler<CountUnreadNotifications, int>
{
    public Task<int> Handle(CountUnreadNotifications query, CancellationToken ct)
    {
        var userId = caller.UserId ?? Guid.Empty;
        return session.Query<Notification>().CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
    }
}

/// <summary>Marks one of the caller's notifications read (or all of them, with no id) and returns its link.
/// Reading one's own inbox changes nothing anyone audits, so this is a plain request, not an audited command.</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record MarkNotificationsRead(Guid? Id) : IRequest<string?>;

internal sealed class MarkNotificationsReadHandler(IDocumentSession session, ICaller caller, TimeProvider clock)
    : IRequestHandler<MarkNotificationsRead, string?>
{
    public async Task<string?> Handle(MarkNotificationsRead command, CancellationToken ct)
    {
        var userId = caller.UserId ?? Guid.Empty;
        var now = clock.GetUtcNow();
        if (command.Id is not { } id)
        {
            var unread = await session.Query<Notification>().Where(n => n.UserId == userId && n.ReadAt == null).ToListAsync(ct);
            foreach (var n in unread) n.ReadAt = now;
            session.Update(unread.ToArray());
            await session.SaveChangesAsync(ct);
            return null;
        }
        var one = await session.LoadAsync<Notification>(id, ct);
        if (one is null || one.UserId != userId) throw new NotFoundException("notification", id.ToString());
        if (one.ReadAt is null)
        {
            one.ReadAt = now;
            session.Update(one);
            await session.SaveChangesAsync(ct);
        }
        return one.Link;
    }
}

/// <summary>The channel that always ships: a log line per delivery (gateways such as SMS or WeCom are plugins).</summary>
internal sealed class LogNotificationChannel(ILogger<LogNotificationChannel> log) : INotificationChannel
{
    public string Name => "log";

    public Task SendAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        log.LogInformation("Notification {Kind} for {Login}: {Subject}", delivery.Kind, delivery.Login, delivery.Subject.ZhCn);
        return Task.CompletedTask;
    }
}

internal static class NotificationEndpoints
{
    public static void MapNotifications(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/notifications").WithTags("notifications")
            .RequirePermission(RequiresPermissionAttribute.AnyUser);
        inbox.MapGet("/", (IMediator mediator, bool? unreadOnly, int? page, int? pageSize, CancellationToken ct) =>
                mediator.Send(new ListNotifications(unreadOnly ?? false, page ?? 1, pageSize ?? 20), ct))
            .WithSummary("The caller's notifications, newest first");
        inbox.MapGet("/unread-count", async (IMediator mediator, CancellationToken ct) =>
                new { unread = await mediator.Send(new CountUnreadNotifications(), ct) })
            .WithSummary("How many notifications the caller has not read");
        inbox.MapPost("/{id:guid}/read", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new MarkNotificationsRead(id), ct);
                return Results.NoContent();
            })
            .WithSummary("Mark one notification read");
        inbox.MapPost("/read-all", async (IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new MarkNotificationsRead(null), ct);
                return Results.NoContent();
            })
            .WithSummary("Mark every notification read");
    }
}
