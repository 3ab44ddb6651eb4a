using System.Globalization;
using NetInfoSuite.Contracts.Shell;

namespace NetInfoSuite.Modules.GridDispatch.Relay;

/// <summary>Of these directives, those relayed level by level that reached the caller's unit and wait for its 签收 (for
/// the directives list).</summary>
[RequiresPermission(GridDispatchPermissions.Read)]
internal sealed record AwaitingSignature(IReadOnlyList<Guid> DirectiveIds) : IRequest<IReadOnlySet<Guid>>;

internal sealed class AwaitingSignatureHandler(IDocumentStore store, IQuerySession session, ICaller caller) : IRequestHandler<AwaitingSignature, IReadOnlySet<Guid>>
{
    public async Task<IReadOnlySet<Guid>> Handle(AwaitingSignature query, CancellationToken ct) =>
        caller.OrgUnit is not { } unit || query.DirectiveIds.Count == 0 ? new HashSet<Guid>()
            : await WaitingForSignature.OfUnitAsync(store, session, unit.Value, query.DirectiveIds, ct);
}

/// <summary>The relayers' to-do on the home page: directives that reached their unit and wait for its 签收.</summary>
internal sealed class RelayCards(IDocumentStore store, IQuerySession session) : IDashboardCards
{
    public async Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken ct)
    {
        if (!caller.Has(GridDispatchPermissions.Relay) || caller.OrgUnit is not { } unit) return [];
        var waiting = (await WaitingForSignature.OfUnitAsync(store, session, unit.Value, null, ct)).Count;
        return
        [
            new(new("待签收的指令", "Directives to sign for"), waiting.ToString(CultureInfo.InvariantCulture),
                new("上级转来、等待本单位签收并转发", "Relayed from above, waiting for your unit to sign and forward"), "/grid-dispatch/directives", waiting > 0),
        ];
    }
}

internal static class WaitingForSignature
{
    /// <summary>The directives (of <paramref name="among"/>, or all) that reached the unit and wait for its 签收. A direct
    /// directive's rollup rows have arrived and are never signed: they wait for nobody, so only relayed ones count.</summary>
    public static async Task<IReadOnlySet<Guid>> OfUnitAsync(IDocumentStore store, IQuerySession session, Guid unit,
        IReadOnlyList<Guid>? among, CancellationToken ct)
    {
        var arrived = new List<Guid>();
        await using (var connection = await TaskRows.OpenAsync(store, ct))
        {
            await using var cmd = new NpgsqlCommand($"""
                select directive_id from {DispatchTables.Relays}
                where unit_id = $1 and ($2::uuid[] is null or directive_id = any($2)) and received_at is not null and signed_at is null
                """, connection)
            {
                Parameters = { new() { Value = unit }, new() { Value = (object?)among?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid } },
            };
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) arrived.Add(reader.GetGuid(0));
        }
        if (arrived.Count == 0) return new HashSet<Guid>();
        var relayed = await session.Query<Directive>()
            .Where(d => d.Id.IsOneOf(arrived.ToArray()) && d.Delivery == DeliveryMode.Relay).Select(d => d.Id).ToListAsync(ct);
        return relayed.ToHashSet();
    }
}
