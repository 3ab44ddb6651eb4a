namespace NetInfoSuite.Modules.GridDispatch.Relay;

/// <summary>签收: a county or street signs for a relayed directive, may add a local note, and forwards it one
/// level down (to its streets, or to its groups' operators).</summary>
[RequiresPermission(GridDispatchPermissions.Relay)]
internal sealed record SignDirective(Guid DirectiveId, string? Note) : ICommand<RelayView>;

public sealed record RelayView(Guid DirectiveId, Guid UnitId, string UnitName, int Level, DateTimeOffset? ReceivedAt,
    DateTimeOffset? SignedAt, string? SignedBy, string? Note, int Tasks);

internal sealed class SignDirectiveValidator : AbstractValidator<SignDirective>
{
    public SignDirectiveValidator() => RuleFor(x => x.Note).MaximumLength(2000);
}

internal sealed class SignDirectiveHandler(IDocumentSession session, IDocumentStore store, ICaller caller, IOutbox outbox, TimeProvider clock)
    : IRequestHandler<SignDirective, RelayView>
{
    public async Task<RelayView> Handle(SignDirective command, CancellationToken ct)
    {
        var unit = caller.OrgUnit?.Value ?? throw new RuleViolationException("unit", "签收须由县或乡镇（街道）用户进行", "A county or street user signs");
        var relay = await RelayRows.LoadAsync(store, command.DirectiveId, unit, ct)
            ?? throw new NotFoundException("relay", $"{command.DirectiveId}/{unit}");
        // A direct directive reached every group at issue: there is nothing to sign for or forward.
        var directive = await session.LoadAsync<Directive>(command.DirectiveId, ct);
        if (directive is { Delivery: DeliveryMode.Direct })
            throw new RuleViolationException("directiveId", "该指令直达各群，无需签收", "This directive went straight to every group: there is nothing to sign for");
        if (relay.ReceivedAt is null)
            throw new RuleViolationException("directiveId", "上级尚未转发该指令", "The level above has not forwarded this directive yet");
        if (relay.SignedAt is not null) return relay; // signed already: nothing changes

        var now = clock.GetUtcNow();
        session.QueueSqlCommand($"update {DispatchTables.Relays} set signed_at = ?, signed_by = ?, note = ? where directive_id = ? and unit_id = ? and signed_at is null",
            now, caller.Login, (object?)command.Note?.Trim() ?? DBNull.Value, command.DirectiveId, unit);
        // Forward: a county's streets receive it; a street's groups' tasks are released to their operators.
        // Those below are told once it commits: the streets' relayers, or the groups' operators.
        var title = directive?.Title ?? "";
        if (relay.Level == 2)
        {
            session.QueueSqlCommand($"update {DispatchTables.Relays} set received_at = ? where directive_id = ? and parent_id = ? and received_at is null",
                now, command.DirectiveId, unit);
            outbox.Publish(session, new Handover.RelayReceived(command.DirectiveId, title, unit));
        }
        else
        {
            session.QueueSqlCommand($"update {DispatchTables.Tasks} set released_at = ? where directive_id = ? and street_id = ? and released_at is null",
                now, command.DirectiveId, unit);
            outbox.Publish(session, new Handover.TasksReleased(command.DirectiveId, title, unit));
        }
        await session.SaveChangesAsync(ct);
        return relay with { SignedAt = now, SignedBy = caller.Login, Note = command.Note?.Trim() };
    }
}

internal static class RelayRows
{
    public static async Task<RelayView?> LoadAsync(IDocumentStore store, Guid directiveId, Guid unitId, CancellationToken ct)
    {
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select unit_name, level, received_at, signed_at, signed_by, note, tasks from {DispatchTables.Relays}
            where directive_id = $1 and unit_id = $2
            """, connection) { Parameters = { new() { Value = directiveId }, new() { Value = unitId } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new RelayView(directiveId, unitId, reader.GetString(0), reader.GetInt16(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6));
    }
}

internal static class SignDirectiveEndpoint
{
    public sealed record SignBody(string? Note);

    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPost("/directives/{id:guid}/sign", async (Guid id, SignBody? body, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new SignDirective(id, body?.Note), ct)))
        .RequirePermission(GridDispatchPermissions.Relay)
        .WithSummary("Sign for a relayed directive (签收), with an optional local note, and forward it one level down")
        .Produces<RelayView>().ProducesValidationProblem();
}
