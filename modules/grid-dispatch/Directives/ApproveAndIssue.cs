namespace NetInfoSuite.Modules.GridDispatch.Directives;

[RequiresPermission(GridDispatchPermissions.Approve)]
internal sealed record ApproveDirective(Guid Id) : ICommand<DirectiveView>;

internal sealed class ApproveDirectiveHandler(IDocumentSession session, ICallerScope scope, ICaller caller, DispatchOptions options, TimeProvider clock)
    : IRequestHandler<ApproveDirective, DirectiveView>
{
    public async Task<DirectiveView> Handle(ApproveDirective command, CancellationToken ct)
    {
        var directive = await Directives.LoadOwnAsync(session, scope, command.Id, ct);
        if (directive.Status != DirectiveStatus.Draft)
            throw new RuleViolationException("status", "只有草稿可以审批", "Only a draft can be approved");
        // Four eyes (GridDispatch:FourEyes, on by default): a second person reads what goes out to 5,000 groups.
        if (options.FourEyes && string.Equals(directive.CreatedBy, caller.Login, StringComparison.OrdinalIgnoreCase))
            throw new RuleViolationException("approvedBy", "起草人不能审批自己起草的指令，请由另一位有审批权限的人员审批",
                "The drafter cannot approve their own directive; another person with the approval permission must approve it");
        directive.Status = DirectiveStatus.Approved;
        directive.ApprovedBy = caller.Login;
        directive.ApprovedAt = clock.GetUtcNow();
        session.Store(directive);
        await session.SaveChangesAsync(ct);
        return DirectiveView.Of(directive);
    }
}

public sealed record IssueResult(Guid Id, int Tasks, DateTimeOffset Deadline, bool AlreadyIssued);

/// <summary>Issues an approved directive: every task and rollup row, and the other modules' notice of it (the outbox),
/// in one transaction: the matrix's repost tasks cannot be lost once it is issued. Issuing again answers what the first issue made and creates nothing.</summary>
[RequiresPermission(GridDispatchPermissions.Approve)]
internal sealed record IssueDirective(Guid Id) : ICommand<IssueResult>;

internal sealed class IssueDirectiveHandler(IDocumentSession session, ICallerScope scope, IMediator mediator, IOutbox outbox, DispatchOptions options, TimeProvider clock)
    : IRequestHandler<IssueDirective, IssueResult>
{
    public async Task<IssueResult> Handle(IssueDirective command, CancellationToken ct)
    {
        await FanOut.LockAsync(session, command.Id, ct); // read below as it stands once any other issue of it has committed
        var directive = await Directives.LoadOwnAsync(session, scope, command.Id, ct);
        if (directive.Status == DirectiveStatus.Issued)
            return new IssueResult(directive.Id, directive.Tasks, directive.Deadline!.Value, AlreadyIssued: true);
        if (directive.Status != DirectiveStatus.Approved)
            throw new RuleViolationException("status", "指令须先审批再下发", "A directive must be approved before it is issued");

        var now = clock.GetUtcNow();
        var deadline = directive.Deadline ?? now + options.Deadlines[directive.Urgency];
        if (deadline <= now) throw new RuleViolationException("deadline", "截止时间已过，请修改后再下发", "The deadline has passed; change it first");
        var filter = await FanOut.FilterAsync(scope, directive, ct);
        // Made in the session's transaction: refused below, or failing later, nothing of it is stored.
        var tasks = await FanOut.InsertAsync(session, directive, filter, await FanOut.UnitNamesAsync(mediator, directive, ct), deadline, now, ct);
        if (tasks == 0)
            throw new RuleViolationException("target", "指令范围内没有可用的网格群", "No active group is in the directive's target");
        directive.Status = DirectiveStatus.Issued;
        directive.IssuedAt = now;
        directive.Deadline = deadline;
        directive.Tasks = tasks;
        session.Store(directive);
        outbox.Publish(session, new DirectiveIssued(directive.Id, directive.Title, directive.Category, directive.Urgency,
            new OrgUnitId(directive.IssuerUnitId), now, deadline, tasks, directive.Target.Accounts));
        // Who must act next is told once the rows exist: the operators of released tasks, the units that must 签收.
        if (FanOut.ReleasedAtIssue(directive)) outbox.Publish(session, new Handover.TasksReleased(directive.Id, directive.Title, null));
        if (directive.Delivery == DeliveryMode.Relay) outbox.Publish(session, new Handover.RelayReceived(directive.Id, directive.Title, null));
        await session.SaveChangesAsync(ct);
        return new IssueResult(directive.Id, tasks, deadline, AlreadyIssued: false);
    }
}
