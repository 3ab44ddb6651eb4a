namespace NetInfoSuite.Modules.GridDispatch.Relay;

/// <summary>Of these directives, those that reached the caller's unit and wait for its 签收 (for the directives list).</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record AwaitingSignature(IReadOnlyList<Guid> DirectiveIds) : IRequest<IReadOnlySet<Guid>>;

internal sealed class AwaitingSignatureHandler(IDocumentStore store, ICaller caller) : IRequestHandler<AwaitingSignature, IReadOnlySet<Guid>>
{
    public async Task<IReadOnlySet<Guid>> Handle(AwaitingSignature query, CancellationToken ct)
    {
        if (caller.OrgUnit is not { } unit || query.DirectiveIds.Count == 0) return new HashSet<Guid>();
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select directive_id from {DispatchTables.Relays}
            where unit_id = $1 and directive_id = any($2) and received_at is not null and signed_at is null
            """, connection) { Parameters = { new() { Value = unit.Value }, new() { Value = query.DirectiveIds.ToArray() } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var waiting = new HashSet<Guid>();
        while (await reader.ReadAsync(ct)) waiting.Add(reader.GetGuid(0));
        return waiting;
    }
}
