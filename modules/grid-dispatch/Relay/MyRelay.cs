namespace NetInfoSuite.Modules.GridDispatch.Relay;

/// <summary>Where the caller's unit stands in a relayed directive: its own relay row (null when the directive does not
/// pass through it) and the note the level above added when it forwarded it.</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record GetMyRelay(Guid DirectiveId) : IRequest<MyRelay>;

public sealed record MyRelay(RelayView? Mine, string? AboveName, string? AboveNote);

internal sealed class GetMyRelayHandler(IQuerySession session, IDocumentStore store, ICallerScope scope, ICaller caller)
    : IRequestHandler<GetMyRelay, MyRelay>
{
    public async Task<MyRelay> Handle(GetMyRelay query, CancellationToken ct)
    {
        await Directives.Directives.LoadAsync(session, scope, query.DirectiveId, ct); // 404 outside the caller's reach
        if (caller.OrgUnit is not { } unit) return new MyRelay(null, null, null);
        var mine = await RelayRows.LoadAsync(store, query.DirectiveId, unit.Value, ct);
        if (mine is null) return new MyRelay(null, null, null);
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select p.unit_name, p.note from {DispatchTables.Relays} r join {DispatchTables.Relays} p
              on p.directive_id = r.directive_id and p.unit_id = r.parent_id
            where r.directive_id = $1 and r.unit_id = $2
            """, connection) { Parameters = { new() { Value = query.DirectiveId }, new() { Value = unit.Value } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new MyRelay(mine, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : new MyRelay(mine, null, null);
    }
}
