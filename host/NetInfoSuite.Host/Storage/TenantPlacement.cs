using Marten;
using Npgsql;

namespace NetInfoSuite.Host.Storage;

/// <summary>Where each tenant's rows of tenanted documents (Marten conjoined tables) are, against where
/// NetInfo:Tenancy:Databases puts them; and the move that brings a county's rows into its own database.</summary>
public static class TenantPlacement
{
    /// <summary>Rows of one tenant in one table of a database that is not the tenant's.</summary>
    public sealed record Misplaced(string Tenant, string Table, string InDatabase, string BelongsIn, long Rows)
    {
        public override string ToString() => $"{Rows} row(s) of tenant {Tenant} in {Table} of the {InDatabase} database (belongs in {BelongsIn})";
    }

    /// <summary>Tables of documents marked MultiTenanted(): the ones whose rows belong to one tenant each.</summary>
    public static IReadOnlyList<string> TenantedTables(IDocumentStore store) =>
        store.Options.AllKnownDocumentTypes()
            .Where(t => t.TenancyStyle.ToString() == "Conjoined") // the enum moved between Marten packages; its name did not
            .Select(t => t.TableName.QualifiedName).Distinct().Order(StringComparer.Ordinal).ToList();

    public static async Task<IReadOnlyList<Misplaced>> MisplacedAsync(IDocumentStore main, string mainConnection,
        IReadOnlyList<TenantDatabase> databases, CancellationToken ct)
    {
        var found = new List<Misplaced>();
        if (databases.Count == 0) return found;
        var tables = TenantedTables(main);
        var separated = databases.SelectMany(d => d.Tenants).ToArray();
        var home = databases.SelectMany(d => d.Tenants.Select(t => (t, d.Name))).ToDictionary(x => x.t, x => x.Name);
        // In the main database: rows of tenants that have a database of their own.
        found.AddRange(await CountAsync(mainConnection, tables, "tenant_id = any($1)", separated, "main", t => home[t], ct));
        // In each tenant database: rows of any other tenant.
        foreach (var database in databases)
            found.AddRange(await CountAsync(database.ConnectionString, tables, "tenant_id <> all($1)", database.Tenants.ToArray(),
                database.Name, t => home.GetValueOrDefault(t, "main"), ct));
        return found;
    }

    /// <summary>Moves every row of <paramref name="tenant"/> from the main database into its own: each table is
    /// copied in one transaction of the tenant's database (rows already there win), then deleted from the main
    /// one. Safe to run again after an interruption.</summary>
    public static async Task<long> MoveAsync(IDocumentStore main, string mainConnection, TenantDatabase target, string tenant,
        Serilog.ILogger log, CancellationToken ct)
    {
        long moved = 0;
        await using var from = new NpgsqlConnection(mainConnection);
        await from.OpenAsync(ct);
        await using var to = new NpgsqlConnection(target.ConnectionString);
        await to.OpenAsync(ct);
        foreach (var table in TenantedTables(main))
        {
            if (!await ExistsAsync(from, table, ct)) continue;
            await using var read = new NpgsqlCommand($"select coalesce(json_agg(t), '[]') from {table} t where tenant_id = $1", from)
                { Parameters = { new() { Value = tenant } } };
            var rows = (string)(await read.ExecuteScalarAsync(ct))!;
            if (rows == "[]") continue;

            await using (var tx = await to.BeginTransactionAsync(ct))
            {
                await using var write = new NpgsqlCommand(
                    $"insert into {table} select * from json_populate_recordset(null::{table}, $1::json) on conflict do nothing", to, tx)
                    { Parameters = { new() { Value = rows } } };
                await write.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
            }
            await using var delete = new NpgsqlCommand($"delete from {table} where tenant_id = $1", from)
                { Parameters = { new() { Value = tenant } } };
            var count = await delete.ExecuteNonQueryAsync(ct);
            log.Information("Moved {Rows} row(s) of tenant {Tenant} from {Table} into the {Database} database", count, tenant, table, target.Name);
            moved += count;
        }
        return moved;
    }

    private static async Task<List<Misplaced>> CountAsync(string connection, IReadOnlyList<string> tables, string where, string[] tenants,
        string database, Func<string, string> belongsIn, CancellationToken ct)
    {
        var found = new List<Misplaced>();
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync(ct);
        foreach (var table in tables)
        {
            if (!await ExistsAsync(conn, table, ct)) continue;
            await using var count = new NpgsqlCommand($"select tenant_id, count(*) from {table} where {where} group by tenant_id", conn)
                { Parameters = { new() { Value = tenants } } };
            await using var reader = await count.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                found.Add(new Misplaced(reader.GetString(0), table, database, belongsIn(reader.GetString(0)), reader.GetInt64(1)));
        }
        return found;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection conn, string table, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select to_regclass($1) is not null", conn) { Parameters = { new() { Value = table } } };
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
