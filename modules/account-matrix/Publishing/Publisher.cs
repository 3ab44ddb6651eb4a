namespace NetInfoSuite.Modules.AccountMatrix.Publishing;

/// <summary>The connectors deployed (plugins registering an IPublisherAdapter). None is shipped: a connector that
/// sends nothing must not say it published (docs/adr/0011).</summary>
internal static class Connectors
{
    /// <summary>The connector for the platform (one naming it, else one for any platform), or null: posted by hand.</summary>
    public static IPublisherAdapter? For(IEnumerable<IPublisherAdapter> adapters, AccountPlatform platform) =>
        adapters.FirstOrDefault(a => a.Platforms.Contains(platform.ToString())) ?? adapters.FirstOrDefault(a => a.Platforms.Count == 0);
}

/// <summary>What one run did: sent by a connector, failed, or handed to people (no connector for the platform).</summary>
public sealed record PublishingRun(int Published, int Failed, int AwaitingManual);

/// <summary>Sends every scheduled piece whose time has come, each exactly once however many instances run this:
/// a row per (publication, account) in publish_claims decides who sends it. Runs every minute on every instance.</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record RunScheduledPublishing : ICommand<PublishingRun>;

[ReadsAcrossScopes("scheduled sending runs for every county at once; it answers with counts only")]
internal sealed class RunScheduledPublishingHandler(IDocumentStore store, IEnumerable<IPublisherAdapter> adapters, TimeProvider clock,
    IOutbox outbox, ICallerScope scope)
    : IRequestHandler<RunScheduledPublishing, PublishingRun>
{
    public async Task<PublishingRun> Handle(RunScheduledPublishing request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<(Guid Publication, Guid Account)> due;
        await using (var session = store.QuerySession())
            // Only pieces with a scheduled target leave the database: this runs every minute on every instance.
            due = (await session.Query<Publication>().Where(p => p.Targets.Any(t => t.Status == TargetStatus.Scheduled)).ToListAsync(ct))
                .SelectMany(p => p.Targets.Where(t => t.Status == TargetStatus.Scheduled && t.ScheduledAt <= now).Select(t => (p.Id, t.AccountId)))
                .ToList();
        var (published, failed, manual) = (0, 0, 0);
        foreach (var (publication, account) in due)
        {
            if (!await ClaimAsync(publication, account, now, ct))
            {
                // Another instance sends it, or claimed it and died before it could say how it went. The piece may
                // or may not be out, so it is never sent twice: after a while it fails, and people check.
                if (await ClaimedAtAsync(publication, account, ct) < now - Interrupted)
                {
                    await RecordAsync(publication, account, new(TargetStatus.Failed, InterruptedReason, null), now, ct);
                    failed++;
                }
                continue;
            }
            var outcome = await SendAsync(publication, account, ct);
            await RecordAsync(publication, account, outcome, clock.GetUtcNow(), ct);
            if (outcome.Status == TargetStatus.Published) published++;
            else if (outcome.Status == TargetStatus.AwaitingManual) manual++;
            else failed++;
        }
        return new PublishingRun(published, failed, manual);
    }

    /// <summary>How long a claimed piece may stay unrecorded before sending counts as interrupted.</summary>
    private static readonly TimeSpan Interrupted = TimeSpan.FromMinutes(15);
    private const string InterruptedReason = "发送中断，请到平台核实是否已发出 / sending was interrupted: check on the platform whether it went out";

    private async Task<DateTimeOffset> ClaimedAtAsync(Guid publication, Guid account, CancellationToken ct)
    {
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var read = new NpgsqlCommand($"select claimed_at from {MetricTables.PublishClaims} where publication_id = $1 and account_id = $2",
            connection) { Parameters = { new() { Value = publication }, new() { Value = account } } };
        return await read.ExecuteScalarAsync(ct) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : DateTimeOffset.MaxValue;
    }

    private async Task<bool> ClaimAsync(Guid publication, Guid account, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var claim = new NpgsqlCommand($"insert into {MetricTables.PublishClaims} (publication_id, account_id, claimed_at) values ($1, $2, $3) on conflict do nothing",
            connection) { Parameters = { new() { Value = publication }, new() { Value = account }, new() { Value = now } } };
        return await claim.ExecuteNonQueryAsync(ct) == 1;
    }

    private sealed record Outcome(TargetStatus Status, string? Reason, string? Link);

    /// <summary>A piece waiting to be posted by hand reaches the people of its unit in the inbox; a city-wide author's
    /// piece (path "/", the whole tree) reaches its author.</summary>
    private static NetInfoSuite.Contracts.Notifications.Notify HandOver(Publication piece, Guid account)
    {
        var name = piece.Targets.Single(t => t.AccountId == account).AccountName;
        return new NetInfoSuite.Contracts.Notifications.Notify(
            piece.UnitId() is { } unit
                ? NetInfoSuite.Contracts.Notifications.NotificationRecipients.Unit(new OrgUnitId(unit))
                : NetInfoSuite.Contracts.Notifications.NotificationRecipients.Users([piece.Author]),
            new("待人工发布：" + piece.Title, "Awaiting manual publishing: " + piece.Title),
            new($"“{name}”的平台没有接入发布通道，稿件未自动发出：请到平台人工发布，再登记发布链接。",
                $"No connector sends for “{name}”, so nothing was sent: post it on the platform by hand, then record the link."),
            $"/account-matrix/publishing/{piece.Id}", "account-matrix.awaiting-manual");
    }

    private async Task<Outcome> SendAsync(Guid publicationId, Guid accountId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var publication = (await session.LoadAsync<Publication>(publicationId, ct))!;
        var target = publication.Targets.Single(t => t.AccountId == accountId);
        if (Connectors.For(adapters, target.Platform) is not { } adapter) return new(TargetStatus.AwaitingManual, null, null);
        try
        {
            var link = await adapter.PublishAsync(new OutgoingPiece(publication.Id, accountId, target.AccountName, target.Platform.ToString(), publication.Title,
                publication.Body, publication.Links, publication.Media), ct);
            return new(TargetStatus.Published, null, link);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new(TargetStatus.Failed, ex.Message.Length > 500 ? ex.Message[..500] : ex.Message, null);
        }
    }

    // Other accounts of the same piece may be recorded at the same moment, on any instance: the piece's row is locked
    // first, so each writes over the latest outcome of the others (the optimistic check let one instance write the piece
    // back over another's outcome: an account published, then found scheduled again).
    private async Task RecordAsync(Guid publicationId, Guid accountId, Outcome outcome, DateTimeOffset at, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(ct);
        await using (var lockRow = new NpgsqlCommand($"select 1 from {store.Options.FindOrResolveDocumentType(typeof(Publication)).TableName.QualifiedName} where id = $1 for update",
            session.Connection) { Parameters = { new() { Value = publicationId } } })
            await lockRow.ExecuteNonQueryAsync(ct);
        var publication = (await session.LoadAsync<Publication>(publicationId, ct))!;
        publication.Targets = publication.Targets.Select(t => t.AccountId == accountId
            ? t with { Status = outcome.Status, PublishedAt = outcome.Status == TargetStatus.Published ? at : null, FailureReason = outcome.Reason, Link = outcome.Link }
            : t).ToList();
        if (outcome.Status == TargetStatus.Published)
            await PublishedScan.QueueAsync(session, outbox, scope, publication, publication.Targets.Single(t => t.AccountId == accountId), ct);
        // Told in the same commit as the status: a host that dies after it cannot leave a piece waiting unannounced.
        if (outcome.Status == TargetStatus.AwaitingManual) outbox.Send(session, HandOver(publication, accountId));
        session.Store(publication);
        await session.SaveChangesAsync(ct);
    }
}

internal static class PublishingEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPost("/publishing/run", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new RunScheduledPublishing(), ct)))
        .RequirePermission(AccountMatrixPermissions.Manage)
        .WithSummary("Send the scheduled pieces due now (also runs every minute); without a connector for its platform a piece awaits manual publishing");
}
