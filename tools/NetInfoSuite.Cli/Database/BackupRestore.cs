using System.Data;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace NetInfoSuite.Cli.Database;

/// <summary>One table's row count and a checksum of its rows' contents, order-independent (platform and module schemas).
/// Null checksum: a backup written before checksums were recorded.</summary>
public sealed record TableCount(string Schema, string Table, long Rows, string? Checksum = null);

/// <summary>What a backup records beside its dump (<c>&lt;file&gt;.counts.json</c>): when, and every table's rows, so
/// a restore can prove it brought everything back.</summary>
public sealed record BackupManifest(DateTimeOffset TakenAt, string Database, IReadOnlyList<TableCount> Tables);

/// <summary>A table's rows and contents in the backup and after the restore (null: the table is missing on one side).</summary>
public sealed record CountCheck(string Schema, string Table, long? InBackup, long? Restored, bool SameContent = true)
{
    public bool Equal => InBackup == Restored && SameContent;
}

/// <summary>pg_dump -Fc / pg_restore of the whole database, with row counts recorded beside the dump and checked after
/// the restore. Uses the PostgreSQL client tools of the server's major version when installed.</summary>
public static class BackupRestore
{
    public static string ManifestPath(string dump) => dump + ".counts.json";

    public static async Task<BackupManifest> BackupAsync(string connectionString, string file, CancellationToken ct = default)
    {
        var target = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The counts and checksums are taken in one snapshot that pg_dump then dumps (--snapshot): on a host that keeps
        // writing, the record describes exactly the dump's moment, so a restore can be checked table by table.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var moment = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using (var export = new NpgsqlCommand("select pg_export_snapshot()", connection, moment))
        {
            var snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
            var counts = await CountAsync(connection, ct);
            await RunAsync(await ToolAsync("pg_dump", connectionString, ct), builder,
                ["--format=custom", "--compress=6", $"--snapshot={snapshot}", "--file", partial, "--dbname", builder.Database!], ct);
            await moment.CommitAsync(ct);
            File.Move(partial, target, overwrite: true);
            var manifest = new BackupManifest(DateTimeOffset.UtcNow, builder.Database!, counts);
            await File.WriteAllTextAsync(ManifestPath(target), JsonSerializer.Serialize(manifest, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), ct);
            return manifest;
        }
    }

    /// <summary>Restores the dump into the database and compares every table's rows with the backup's. What the
    /// database holds is replaced: its schemas are dropped and the dump's recreated, all in one transaction (psql
    /// --single-transaction over pg_restore's script), so a failed restore leaves the database as it was. (pg_restore
    /// --clean cannot drop a partitioned table's inherited constraints, e.g. the audit trail's monthly partitions.)</summary>
    public static async Task<List<CountCheck>> RestoreAsync(string connectionString, string file, CancellationToken ct = default)
    {
        var source = Path.GetFullPath(file);
        if (!File.Exists(source)) throw new FileNotFoundException($"备份文件不存在：{source}");
        var manifestFile = ManifestPath(source);
        if (!File.Exists(manifestFile)) throw new FileNotFoundException($"备份旁没有行数记录 {manifestFile}：无法在恢复后核对");
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestFile, ct), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        var schemas = new List<string>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var list = new NpgsqlCommand(
                "select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' order by 1", connection);
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) schemas.Add(reader.GetString(0));
        }
        var script = Path.Combine(Path.GetTempPath(), $"netinfo-restore-{Guid.NewGuid():N}.sql");
        try
        {
            // pg_restore writes the dump as SQL; psql runs "drop what is there" and that script as one transaction.
            await RunAsync(await ToolAsync("pg_restore", connectionString, ct), null, ["--file", script, source], ct);
            var drop = string.Concat(schemas.Select(x => $"drop schema if exists {Quote(x)} cascade; ")) + "create schema if not exists public;";
            await RunAsync(await ToolAsync("psql", connectionString, ct), builder,
                ["--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1", "--dbname", builder.Database!, "--command", drop, "--file", script], ct);
        }
        finally
        {
            File.Delete(script);
        }
        return Compare(manifest.Tables, await CountAsync(connectionString, ct));
    }

    public static List<CountCheck> Compare(IReadOnlyList<TableCount> backup, IReadOnlyList<TableCount> restored)
    {
        var before = backup.ToDictionary(t => (t.Schema, t.Table));
        var after = restored.ToDictionary(t => (t.Schema, t.Table));
        return before.Keys.Union(after.Keys).OrderBy(k => k.Schema, StringComparer.Ordinal).ThenBy(k => k.Table, StringComparer.Ordinal)
            .Select(k => (Before: before.GetValueOrDefault(k), After: after.GetValueOrDefault(k), Key: k))
            .Select(x => new CountCheck(x.Key.Schema, x.Key.Table, x.Before?.Rows, x.After?.Rows,
                x.Before?.Checksum is null || x.After?.Checksum is null || x.Before.Checksum == x.After.Checksum))
            .ToList();
    }

    /// <summary>Exact row counts and content checksums of every table outside PostgreSQL's own schemas (the platform's
    /// and each module's).</summary>
    public static async Task<List<TableCount>> CountAsync(string connectionString, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var read = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        return await CountAsync(connection, ct);
    }

    private static async Task<List<TableCount>> CountAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // Rows as text, so the settings that shape that text are fixed: the same rows give the same checksum on any
        // server, whatever its time zone or date style.
        await using (var pin = new NpgsqlCommand(
            "set local timezone = 'UTC'; set local datestyle = 'ISO, YMD'; set local intervalstyle = 'postgres'; " +
            "set local extra_float_digits = 1; set local bytea_output = 'hex'", connection))
            await pin.ExecuteNonQueryAsync(ct);
        var tables = new List<(string Schema, string Table)>();
        await using (var list = new NpgsqlCommand("""
            select table_schema, table_name from information_schema.tables
            where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg_toast%'
            order by 1, 2
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) tables.Add((reader.GetString(0), reader.GetString(1)));
        var counts = new List<TableCount>(tables.Count);
        foreach (var (schema, table) in tables)
        {
            // A sum of each row's 64-bit hash: independent of the order rows come back in, cheap beside the dump itself.
            await using var count = new NpgsqlCommand(
                $"select count(*), coalesce(sum(hashtextextended(t::text, 0)), 0)::text from {Quote(schema)}.{Quote(table)} t", connection);
            await using var reader = await count.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            counts.Add(new(schema, table, reader.GetInt64(0), reader.GetString(1)));
        }
        return counts;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>The client tool of the server's major version (/usr/lib/postgresql/N/bin), else the one on PATH.</summary>
    private static async Task<string> ToolAsync(string tool, string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var major = connection.PostgreSqlVersion.Major;
        var versioned = $"/usr/lib/postgresql/{major}/bin/{tool}";
        if (File.Exists(versioned)) return versioned;
        var newest = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        return newest ?? tool;
    }

    /// <param name="connection">the server to reach (null: the tool works on files only)</param>
    private static async Task RunAsync(string tool, NpgsqlConnectionStringBuilder? connection, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (connection is not null)
        {
            if (!string.IsNullOrEmpty(connection.Host)) psi.ArgumentList.Add($"--host={connection.Host}");
            psi.ArgumentList.Add($"--port={connection.Port}");
            if (!string.IsNullOrEmpty(connection.Username)) psi.ArgumentList.Add($"--username={connection.Username}");
            psi.ArgumentList.Add("--no-password");
            if (!string.IsNullOrEmpty(connection.Password)) psi.Environment["PGPASSWORD"] = connection.Password;
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"找不到 {tool}：请安装 PostgreSQL 客户端工具（apt-get install -y postgresql-client）");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(ct);
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{Path.GetFileName(tool)} 失败（退出码 {process.ExitCode}）：{(await stderr).Trim()}{(await stdout).Trim()}");
        }
    }
}
