using Marten;
using MediatR;
using Npgsql;
using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Storage;

namespace NetInfoSuite.Host.Security;

/// <summary>Records carry their unit's path (<see cref="IOrgScoped"/>), which every scope check reads. When the directory
/// moves a unit, everything under it follows, in every module and every tenant database: the tables are found from the
/// document mappings of the types that implement <see cref="IOrgScoped"/>, so a new document type cannot be forgotten.
/// Each table gets one UPDATE rewriting each path from the moved unit's segment down onto its new place.</summary>
internal sealed class FollowUnitMoves(TenantDatabases databases, ICallerScope scope) : INotificationHandler<OrgUnitChanged>
{
    public async Task Handle(OrgUnitChanged changed, CancellationToken ct)
    {
        if (changed.Change != OrgUnitChange.Moved || await scope.PlaceOfAsync(changed.Unit.Id.Value, ct) is not { } place) return;
        var segment = "/" + changed.Unit.Id.Value.ToString("N") + "/";
        foreach (var store in databases.Extra.Prepend(databases.Main))
            await FollowAsync(store, place.Path, segment, ct);
    }

    /// <summary>The tables of every mapped document type that carries a unit path.</summary>
    public static IReadOnlyList<string> ScopedTables(IDocumentStore store) =>
        store.Options.AllKnownDocumentTypes().Where(t => typeof(IOrgScoped).IsAssignableFrom(t.DocumentType))
            .Select(t => t.TableName.QualifiedName).Distinct().Order(StringComparer.Ordinal).ToList();

    private static async Task FollowAsync(IDocumentStore store, string newPath, string segment, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var table in ScopedTables(store))
        {
            // A document type never stored yet has no table (Marten creates them on first use).
            await using (var exists = new NpgsqlCommand("select to_regclass($1) is not null", connection, tx) { Parameters = { new() { Value = table } } })
                if (await exists.ExecuteScalarAsync(ct) is not true) continue;
            // A new version with the new path: a command holding a copy read before the move fails its optimistic check (409)
            // instead of storing the old path back (the same version let it through, and the record stayed in the old place).
            await using var update = new NpgsqlCommand($$"""
                update {{table}}
                set data = jsonb_set(data, '{unitPath}', to_jsonb($1 || substr(data ->> 'unitPath', strpos(data ->> 'unitPath', $2) + length($2)))),
                    mt_version = md5(random()::text || clock_timestamp()::text)::uuid
                where strpos(data ->> 'unitPath', $2) > 0
                """, connection, tx) { Parameters = { new() { Value = newPath }, new() { Value = segment } } };
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }
}
