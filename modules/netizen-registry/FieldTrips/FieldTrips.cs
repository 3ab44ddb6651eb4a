namespace NetInfoSuite.Modules.NetizenRegistry.FieldTrips;

public sealed record TripView(Guid Id, string Name, DateOnly From, DateOnly To, IReadOnlyList<string> Places, Guid UnitId,
    IReadOnlyList<Guid> Participants, IReadOnlyList<TripContent> Contents, IReadOnlyList<TopicReading> Topics,
    long ContentReads, long TopicReads, bool Closed)
{
    internal static TripView Of(FieldTrip t) => new(t.Id, t.Name, t.From, t.To, t.Places, t.UnitId, t.Participants,
        t.Contents.OrderByDescending(c => c.Reads).ToList(), t.Topics.OrderBy(x => x.Topic).ThenBy(x => x.On).ToList(), t.ContentReads, t.TopicReads,
        t.ClosedAt is not null);
}

/// <summary>Creates a field trip (采风活动) of a unit of the caller's subtree.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record CreateTrip(string Name, DateOnly From, DateOnly To, IReadOnlyList<string>? Places, Guid UnitId) : ICommand<TripView>;

internal sealed class CreateTripValidator : AbstractValidator<CreateTrip>
{
    public CreateTripValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.From).Must(d => d.Year >= 2000).WithMessage(_ => new LocalizedText("须填写开始日期", "Give the first day").Current);
        RuleFor(x => x.To).Must(d => d.Year >= 2000).WithMessage(_ => new LocalizedText("须填写结束日期", "Give the last day").Current);
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From)
            .WithMessage(_ => new LocalizedText("结束日期不能早于开始日期", "The trip cannot end before it starts").Current);
        RuleFor(x => x.Places).Must(p => p is null || p.Count <= 30);
        RuleForEach(x => x.Places).NotEmpty().MaximumLength(100);
        RuleFor(x => x.UnitId).NotEmpty();
    }
}

internal sealed class CreateTripHandler(IDocumentSession session, ICallerScope scope) : IRequestHandler<CreateTrip, TripView>
{
    public async Task<TripView> Handle(CreateTrip command, CancellationToken ct)
    {
        var place = await scope.PlaceOfAsync(command.UnitId, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct))
            throw new RuleViolationException("unitId", "单位不存在或不在本单位范围内", "The unit does not exist or is outside your unit");
        var trip = new FieldTrip
        {
            Id = Guid.CreateVersion7(), Name = command.Name.Trim(), From = command.From, To = command.To, UnitId = place.Id, UnitPath = place.Path,
            Places = (command.Places ?? []).Select(p => p.Trim()).Distinct().ToList(),
        };
        session.Store(trip);
        await session.SaveChangesAsync(ct);
        return TripView.Of(trip);
    }
}

/// <summary>Personalities of the caller's subtree join a trip.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record AddTripParticipants(Guid Id, IReadOnlyList<Guid> Profiles) : ICommand<TripView>;

internal sealed class AddTripParticipantsValidator : AbstractValidator<AddTripParticipants>
{
    public AddTripParticipantsValidator() => RuleFor(x => x.Profiles).NotEmpty().Must(p => p.Count <= 200);
}

internal sealed class AddTripParticipantsHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope) : IRequestHandler<AddTripParticipants, TripView>
{
    public async Task<TripView> Handle(AddTripParticipants command, CancellationToken ct)
    {
        var trip = await session.LoadOpenTripForChange(store, scope, command.Id, ct);
        var ids = command.Profiles.Distinct().ToList();
        var found = await session.LoadManyInScopeAsync<Profile>(scope, ids, ct);
        if (found.Count != ids.Count || found.Any(p => p.AnonymisedAt is not null))
            throw new RuleViolationException("profiles", "有网络人士不存在或不在本单位范围内", "A personality does not exist or is outside your unit");
        trip.Participants.AddRange(ids.Except(trip.Participants));
        session.Store(trip);
        await session.SaveChangesAsync(ct);
        return TripView.Of(trip);
    }
}

/// <summary>Records a piece produced on the trip and its reach as read today; the same URL again updates it.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record RecordTripContent(Guid Id, Guid? ProfileId, NetizenPlatform Platform, string Url, string? Title, long Reads, long Likes)
    : ICommand<TripView>;

internal sealed class RecordTripContentValidator : AbstractValidator<RecordTripContent>
{
    public RecordTripContentValidator()
    {
        RuleFor(x => x.Platform).IsInEnum();
        RuleFor(x => x.Url).NotEmpty().MaximumLength(1000).Must(Links.IsWeb)
            .WithMessage(_ => new LocalizedText("须为 http(s) 网址", "Must be an http(s) address").Current);
        RuleFor(x => x.Title).MaximumLength(200);
        RuleFor(x => x.Reads).InclusiveBetween(0, 100_000_000_000);
        RuleFor(x => x.Likes).InclusiveBetween(0, 100_000_000_000);
    }
}

internal sealed class RecordTripContentHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, IOfficeClock clock) : IRequestHandler<RecordTripContent, TripView>
{
    public async Task<TripView> Handle(RecordTripContent command, CancellationToken ct)
    {
        var trip = await session.LoadOpenTripForChange(store, scope, command.Id, ct);
        if (command.ProfileId is { } who && !trip.Participants.Contains(who))
            throw new RuleViolationException("profileId", "该网络人士未参加本次采风", "This personality is not on the trip");
        var url = command.Url.Trim();
        var content = trip.Contents.FirstOrDefault(c => c.Url == url);
        if (content is null) trip.Contents.Add(content = new TripContent { Url = url });
        (content.ProfileId, content.Platform, content.Title, content.Reads, content.Likes, content.CapturedOn) =
            (command.ProfileId, command.Platform, command.Title?.Trim() ?? content.Title, command.Reads, command.Likes, clock.Today);
        session.Store(trip);
        await session.SaveChangesAsync(ct);
        return TripView.Of(trip);
    }
}

/// <summary>Records a hashtag topic's total reads as read today (one reading per topic and day: again replaces it).</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record RecordTopicReads(Guid Id, string Topic, long Reads) : ICommand<TripView>;

internal sealed class RecordTopicReadsValidator : AbstractValidator<RecordTopicReads>
{
    public RecordTopicReadsValidator()
    {
        RuleFor(x => x.Topic).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Reads).InclusiveBetween(0, 1_000_000_000_000);
    }
}

internal sealed class RecordTopicReadsHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, IOfficeClock clock) : IRequestHandler<RecordTopicReads, TripView>
{
    public async Task<TripView> Handle(RecordTopicReads command, CancellationToken ct)
    {
        var trip = await session.LoadOpenTripForChange(store, scope, command.Id, ct);
        var (topic, today) = (command.Topic.Trim().Trim('#'), clock.Today);
        trip.Topics.RemoveAll(t => t.Topic == topic && t.On == today);
        trip.Topics.Add(new TopicReading(topic, today, command.Reads));
        session.Store(trip);
        await session.SaveChangesAsync(ct);
        return TripView.Of(trip);
    }
}

/// <summary>Closes a trip: its figures are final, and other modules are told through the outbox.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record CloseTrip(Guid Id) : ICommand<TripView>;

internal sealed class CloseTripHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, IOutbox outbox, TimeProvider time) : IRequestHandler<CloseTrip, TripView>
{
    public async Task<TripView> Handle(CloseTrip command, CancellationToken ct)
    {
        var trip = await session.LoadOpenTripForChange(store, scope, command.Id, ct);
        trip.ClosedAt = time.GetUtcNow();
        session.Store(trip);
        outbox.Publish(session, new CampaignClosed(trip.Id, trip.Name, new OrgUnitId(trip.UnitId), trip.From, trip.To, trip.Participants.Count,
            trip.Contents.Count, trip.ContentReads, trip.TopicReads));
        await session.SaveChangesAsync(ct);
        return TripView.Of(trip);
    }
}

/// <summary>The trips of the caller's subtree, newest first.</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record ListTrips : IRequest<IReadOnlyList<TripView>>;

internal sealed class ListTripsHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListTrips, IReadOnlyList<TripView>>
{
    public async Task<IReadOnlyList<TripView>> Handle(ListTrips query, CancellationToken ct) =>
        (await (await session.QueryInScopeAsync<FieldTrip>(scope, ct)).OrderByDescending(t => t.From).Take(500).ToListAsync(ct)).Select(TripView.Of).ToList();
}

/// <summary>One trip of the caller's subtree.</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record GetTrip(Guid Id) : IRequest<TripView>;

internal sealed class GetTripHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<GetTrip, TripView>
{
    public async Task<TripView> Handle(GetTrip query, CancellationToken ct) =>
        TripView.Of(await session.LoadInScopeOrThrowAsync<FieldTrip>(scope, query.Id, "trip", ct));
}

internal static class TripStore
{
    public static async Task<FieldTrip> LoadOpenTrip(this IQuerySession session, ICallerScope scope, Guid id, CancellationToken ct)
    {
        var trip = await session.LoadInScopeOrThrowAsync<FieldTrip>(scope, id, "trip", ct);
        return trip.ClosedAt is null ? trip : throw new RuleViolationException("id", "采风活动已结束", "The trip is closed");
    }

    /// <summary>An open trip read after locking its row until the command commits; call it to change the trip. Every change
    /// rewrites the whole trip: without the lock 20 personalities joining at once answered 200 and 1 was kept, pieces and
    /// topic readings recorded together dropped each other, and of 20 closings at once 7 (in another run all 20) answered 200,
    /// each publishing CampaignClosed to other modules. Under the lock the second closer reads it closed and is refused.</summary>
    public static async Task<FieldTrip> LoadOpenTripForChange(this IDocumentSession session, IDocumentStore store, ICallerScope scope, Guid id, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.LockRowsAsync<FieldTrip>(store, [id], ct);
        return await session.LoadOpenTrip(scope, id, ct);
    }
}

internal sealed record ParticipantsBody(IReadOnlyList<Guid> Profiles);
internal sealed record ContentBody(Guid? ProfileId, NetizenPlatform Platform, string Url, string? Title, long Reads, long Likes);
internal sealed record TopicBody(string Topic, long Reads);

internal static class TripEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        const string manage = NetizenRegistryPermissions.Manage, read = NetizenRegistryPermissions.Read;
        routes.MapPost("/trips", async (CreateTrip command, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(command, ct)))
            .RequirePermission(manage).WithSummary("Create a field trip (采风活动)").Produces<TripView>().ProducesValidationProblem();
        routes.MapGet("/trips", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListTrips(), ct)))
            .RequirePermission(read).WithSummary("The field trips of the caller's subtree").Produces<IReadOnlyList<TripView>>();
        routes.MapGet("/trips/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetTrip(id), ct)))
            .RequirePermission(read).WithSummary("One field trip with its content and topics").Produces<TripView>().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/trips/{id:guid}/participants", async (Guid id, ParticipantsBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new AddTripParticipants(id, body.Profiles), ct)))
            .RequirePermission(manage).WithSummary("Personalities join the trip").Produces<TripView>().ProducesValidationProblem();
        routes.MapPut("/trips/{id:guid}/contents", async (Guid id, ContentBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RecordTripContent(id, body.ProfileId, body.Platform, body.Url, body.Title, body.Reads, body.Likes), ct)))
            .RequirePermission(manage).WithSummary("Record a piece and its reach (the same URL again updates it)").Produces<TripView>().ProducesValidationProblem();
        routes.MapPut("/trips/{id:guid}/topics", async (Guid id, TopicBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RecordTopicReads(id, body.Topic, body.Reads), ct)))
            .RequirePermission(manage).WithSummary("Record a hashtag topic's reads as read today").Produces<TripView>().ProducesValidationProblem();
        routes.MapPost("/trips/{id:guid}/close", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new CloseTrip(id), ct)))
            .RequirePermission(manage).WithSummary("Close the trip (other modules are told: CampaignClosed)").Produces<TripView>().ProducesValidationProblem();
    }
}
