namespace NetInfoSuite.Modules.AccountMatrix.Rankings;

/// <summary>A ranking as it was published: its period, platform, formula version and every entry, kept as is, so
/// an old ranking reads the same whatever the metrics or formulas do later.</summary>
internal sealed class PublishedRanking : IOrgScoped
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string UnitPath { get; set; } = "";
    public string PublishedBy { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }
    public Ranking Ranking { get; set; } = null!;
}

public sealed record PublishedRankingView(Guid Id, string Title, string PublishedBy, DateTimeOffset PublishedAt, Ranking Ranking);

[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record PublishRanking(string Title, AccountPlatform Platform, DateOnly From, DateOnly To, AccountCategory? Category,
    PeriodKind? Kind = null, string? Formula = null) : ICommand<PublishedRankingView>;

internal sealed class PublishRankingValidator : AbstractValidator<PublishRanking>
{
    public PublishRankingValidator() => RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
}

internal sealed class PublishRankingHandler(IDocumentSession session, IMediator mediator, ICallerScope scope, ICaller caller, TimeProvider clock)
    : IRequestHandler<PublishRanking, PublishedRankingView>
{
    public async Task<PublishedRankingView> Handle(PublishRanking command, CancellationToken ct)
    {
        var ranking = await mediator.Send(new GetRanking(command.Platform, command.From, command.To, command.Category, Kind: command.Kind,
            Formula: command.Formula), ct);
        var published = new PublishedRanking
        {
            Id = Guid.CreateVersion7(), Title = command.Title.Trim(), UnitPath = await scope.CallerPathAsync(ct), PublishedBy = caller.Login,
            PublishedAt = clock.GetUtcNow(), Ranking = ranking,
        };
        session.Store(published);
        await session.SaveChangesAsync(ct);
        return new PublishedRankingView(published.Id, published.Title, published.PublishedBy, published.PublishedAt, ranking);
    }
}

[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetPublishedRanking(Guid Id) : IRequest<PublishedRankingView>;

internal sealed class GetPublishedRankingHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<GetPublishedRanking, PublishedRankingView>
{
    public async Task<PublishedRankingView> Handle(GetPublishedRanking query, CancellationToken ct)
    {
        // Published rankings are read by the units they rank and those above.
        var p = await session.LoadInScopeOrAboveAsync<PublishedRanking>(scope, query.Id, ct)
            ?? throw new NotFoundException("ranking", query.Id.ToString());
        return new PublishedRankingView(p.Id, p.Title, p.PublishedBy, p.PublishedAt, p.Ranking);
    }
}

public sealed record PublishedRankingSummary(Guid Id, string Title, AccountPlatform Platform, string Formula, DateOnly From, DateOnly To,
    string PublishedBy, DateTimeOffset PublishedAt);

/// <summary>The published rankings the caller may read (its own subtree's and those of the levels above), newest first.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ListPublishedRankings : IRequest<IReadOnlyList<PublishedRankingSummary>>;

internal sealed class ListPublishedRankingsHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListPublishedRankings, IReadOnlyList<PublishedRankingSummary>>
{
    public async Task<IReadOnlyList<PublishedRankingSummary>> Handle(ListPublishedRankings query, CancellationToken ct)
    {
        return (await (await session.QueryInScopeOrAboveAsync<PublishedRanking>(scope, ct))
                .OrderByDescending(p => p.PublishedAt).Take(200).ToListAsync(ct))
            .Select(p => new PublishedRankingSummary(p.Id, p.Title, p.Ranking.Platform, p.Ranking.Formula, p.Ranking.From, p.Ranking.To, p.PublishedBy, p.PublishedAt))
            .ToList();
    }
}

internal static class PublishedRankingEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/rankings/published", async (PublishRanking command, IMediator m, CancellationToken ct) =>
            {
                var published = await m.Send(command, ct);
                return Results.Created($"/api/account-matrix/rankings/published/{published.Id}", published);
            })
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("Publish a ranking: kept with its formula version, unchanged thereafter")
            .ProducesValidationProblem();
        routes.MapGet("/rankings/published", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListPublishedRankings(), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("Published rankings the caller may read, newest first")
            .Produces<IReadOnlyList<PublishedRankingSummary>>();
        routes.MapGet("/rankings/published/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetPublishedRanking(id), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("A published ranking, as published");
        routes.MapGet("/rankings/published/{id:guid}/export", async (Guid id, IMediator m, CancellationToken ct) =>
            {
                var p = await m.Send(new GetPublishedRanking(id), ct);
                return NetInfoSuite.Ui.ExportCells.File(RankingEndpoints.Rows(p.Ranking), $"{p.Title}.xlsx");
            })
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("A published ranking as an Excel workbook");
    }
}
