namespace NetInfoSuite.Modules.AccountMatrix.Messages;

/// <summary>网民留言: a message left on a matrix account, its handler and its reply.</summary>
internal sealed class NetizenMessage : IOrgScoped
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public string UnitPath { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string Text { get; set; } = "";
    public string Category { get; set; } = "";
    public string? Handler { get; set; }
    public string? Reply { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
}

public sealed record MessageView(Guid Id, Guid AccountId, DateTimeOffset At, string Text, string Category, string? Handler, string? Reply,
    DateTimeOffset? RepliedAt, bool OverLimit);

/// <summary>Validates the contract's <see cref="RecordNetizenMessages"/>, whoever sends it (the API, a workbook, a platform connector).</summary>
internal sealed class RecordNetizenMessagesValidator : AbstractValidator<RecordNetizenMessages>
{
    public RecordNetizenMessagesValidator()
    {
        RuleFor(x => x.Messages).NotEmpty().Must(m => m.Count <= 10_000);
        RuleForEach(x => x.Messages).ChildRules(m =>
        {
            m.RuleFor(x => x.Text).NotEmpty().MaximumLength(5_000);
            m.RuleFor(x => x.Category).MaximumLength(50);
        });
    }
}

/// <summary>Records messages (from the API, a workbook or a platform connector) on the caller's accounts.</summary>
internal sealed class RecordMessagesHandler(IDocumentSession session, ICallerScope scope) : IRequestHandler<RecordNetizenMessages, int>
{
    public Task<int> Handle(RecordNetizenMessages command, CancellationToken ct) => StoreAsync(session, scope, command.Messages, ct);

    /// <summary>Stores the messages, every one on an account of the caller's, or none.</summary>
    public static async Task<int> StoreAsync(IDocumentSession session, ICallerScope scope, IReadOnlyList<IncomingNetizenMessage> messages, CancellationToken ct)
    {
        var ids = messages.Select(m => m.AccountId).Distinct().ToArray();
        var accounts = (await (await session.QueryInScopeAsync<Account>(scope, ct)).Where(a => a.Id.IsOneOf(ids)).ToListAsync(ct)).ToDictionary(a => a.Id);
        if (accounts.Count != ids.Length)
            throw new RuleViolationException("messages", "有账号不存在或不属于本单位", "An account does not exist or is not yours");
        foreach (var m in messages)
            session.Insert(new NetizenMessage
            {
                Id = Guid.CreateVersion7(), AccountId = m.AccountId, UnitPath = accounts[m.AccountId].UnitPath, At = m.At.ToUniversalTime(),
                Text = m.Text, Category = m.Category?.Trim() ?? "",
            });
        await session.SaveChangesAsync(ct);
        return messages.Count;
    }
}

/// <summary>Assigns a message to a handler, or records the reply (its time is the time of recording).</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record AnswerMessage(Guid Id, string? Handler, string? Reply, DateTimeOffset? RepliedAt = null) : ICommand<MessageView>;

internal sealed class AnswerMessageValidator : AbstractValidator<AnswerMessage>
{
    public AnswerMessageValidator()
    {
        RuleFor(x => x).Must(x => !string.IsNullOrWhiteSpace(x.Handler) || !string.IsNullOrWhiteSpace(x.Reply)).OverridePropertyName("reply")
            .WithMessage(_ => new LocalizedText("须指定处理人或填写回复", "Name a handler or give the reply").Current);
        RuleFor(x => x.Reply).MaximumLength(5_000);
        RuleFor(x => x.Handler).MaximumLength(64);
        RuleFor(x => x.RepliedAt).Null().When(x => string.IsNullOrWhiteSpace(x.Reply))
            .WithMessage(_ => new LocalizedText("有回复才有回复时间", "A reply time needs a reply").Current);
    }
}

internal sealed class AnswerMessageHandler(IDocumentSession session, ICallerScope scope, MessageLimits limits, TimeProvider clock)
    : IRequestHandler<AnswerMessage, MessageView>
{
    public async Task<MessageView> Handle(AnswerMessage command, CancellationToken ct)
    {
        var message = await session.LoadInScopeOrThrowAsync<NetizenMessage>(scope, command.Id, "message", ct);
        if (!string.IsNullOrWhiteSpace(command.Handler)) message.Handler = command.Handler.Trim();
        if (!string.IsNullOrWhiteSpace(command.Reply))
        {
            message.Reply = command.Reply.Trim();
            var at = command.RepliedAt?.ToUniversalTime() ?? clock.GetUtcNow(); // replies recorded later carry their own time
            if (at < message.At || at > clock.GetUtcNow().AddMinutes(5))
                throw new RuleViolationException("repliedAt", "回复时间须在留言之后且不晚于现在", "The reply time must fall between the message and now");
            message.RepliedAt = at;
        }
        session.Store(message);
        await session.SaveChangesAsync(ct);
        return limits.View(message, clock.GetUtcNow());
    }
}

/// <summary>How long a message may wait before it is flagged (configuration AccountMatrix:ReplyWithinHours, 72 by default).</summary>
internal sealed class MessageLimits(TimeSpan replyWithin)
{
    public TimeSpan ReplyWithin => replyWithin;

    public MessageView View(NetizenMessage m, DateTimeOffset now) => new(m.Id, m.AccountId, m.At, m.Text, m.Category, m.Handler, m.Reply, m.RepliedAt,
        (m.RepliedAt ?? now) - m.At > replyWithin);
}

/// <summary>Answers <see cref="GetMessageFigures"/>: received and replied, the median time to reply, those waiting
/// (or answered) past the limit, and those unanswered for more than three months, as at the date.</summary>
internal sealed class GetMessageFiguresHandler(IQuerySession session, ICallerScope scope, MessageLimits limits, IOfficeClock clock) : IRequestHandler<GetMessageFigures, MessageFigures>
{
    public async Task<MessageFigures> Handle(GetMessageFigures query, CancellationToken ct)
    {
        var place = await scope.PlaceOfAsync(query.Unit.Value, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct)) throw new NotFoundException("unit", query.Unit.ToString());
        var end = clock.StartOf(query.At.AddDays(1)); // the end of the office day
        var path = place.Path;
        return Figures(await (await session.QueryInScopeAsync<NetizenMessage>(scope, ct)).Where(m => m.UnitPath.StartsWith(path) && m.At < end).ToListAsync(ct), end, limits.ReplyWithin);
    }

    /// <summary>The figures of these messages just before a moment (a reply at or after it does not count yet).</summary>
    public static MessageFigures Figures(IReadOnlyCollection<NetizenMessage> messages, DateTimeOffset at, TimeSpan replyWithin)
    {
        var replied = messages.Where(m => m.RepliedAt is { } r && r < at).ToList();
        var hours = replied.Select(m => (m.RepliedAt!.Value - m.At).TotalHours).Order().ToList();
        double? median = hours.Count == 0 ? null : (hours[(hours.Count - 1) / 2] + hours[hours.Count / 2]) / 2;
        return new MessageFigures(messages.Count, replied.Count, median is { } h ? Math.Round(h, 1) : null,
            messages.Count(m => (m.RepliedAt is { } r && r < at ? r : at) - m.At > replyWithin),
            messages.Count(m => !(m.RepliedAt is { } r && r < at) && m.At.AddMonths(3) < at));
    }
}

public sealed record AccountMessageFigures(Guid AccountId, string Name, MessageFigures Figures);

/// <summary>The same figures per account of the caller's subtree (accounts that received messages), slowest first.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetMessageFiguresPerAccount(DateOnly At) : IRequest<IReadOnlyList<AccountMessageFigures>>;

internal sealed class GetMessageFiguresPerAccountHandler(IQuerySession session, ICallerScope scope, MessageLimits limits, IOfficeClock clock)
    : IRequestHandler<GetMessageFiguresPerAccount, IReadOnlyList<AccountMessageFigures>>
{
    public async Task<IReadOnlyList<AccountMessageFigures>> Handle(GetMessageFiguresPerAccount query, CancellationToken ct)
    {
        var end = clock.StartOf(query.At.AddDays(1)); // the end of the office day
        var messages = await (await session.QueryInScopeAsync<NetizenMessage>(scope, ct)).Where(m => m.At < end).ToListAsync(ct);
        var names = (await session.LoadManyInScopeAsync<Account>(scope, messages.Select(m => m.AccountId), ct)).ToDictionary(a => a.Id, a => a.Name);
        return messages.GroupBy(m => m.AccountId)
            .Select(g => new AccountMessageFigures(g.Key, names.GetValueOrDefault(g.Key, ""), GetMessageFiguresHandler.Figures(g.ToList(), end, limits.ReplyWithin)))
            .OrderByDescending(a => a.Figures.UnansweredOverThreeMonths).ThenByDescending(a => a.Figures.WaitingOverLimit).ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
    }
}

internal static class MessageEndpoints
{
    public sealed record AnswerBody(string? Handler, string? Reply, DateTimeOffset? RepliedAt);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/messages", async (RecordNetizenMessages command, IMediator m, CancellationToken ct) => Results.Ok(new { recorded = await m.Send(command, ct) }))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Record netizens' messages left on matrix accounts").ProducesValidationProblem();
        routes.MapPost("/messages/{id:guid}", async (Guid id, AnswerBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new AnswerMessage(id, body.Handler, body.Reply, body.RepliedAt), ct)))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Assign a message to a handler, or record its reply").ProducesValidationProblem();
        routes.MapGet("/messages/figures/accounts", async (DateOnly at, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new GetMessageFiguresPerAccount(at), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("Response figures per account of the caller's subtree as at a date")
            .Produces<IReadOnlyList<AccountMessageFigures>>();
        routes.MapGet("/messages/figures", async (Guid unit, DateOnly at, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new GetMessageFigures(new OrgUnitId(unit), at), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("Response figures of a unit's accounts as at a date (for inspection)");
    }
}
