using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace NetInfoSuite.Host.Storage;

public sealed record EmbeddedPostgresOptions
{
    /// <summary>The cluster's folder; created and initialized (initdb) on first use.</summary>
    public required string DataDir { get; init; }
    /// <summary>Folder of initdb/pg_ctl/postgres; found under /usr/lib/postgresql when empty.</summary>
    public string? BinDir { get; init; }
    /// <summary>The account that runs PostgreSQL when the host runs as root (PostgreSQL refuses root).</summary>
    public string SystemUser { get; init; } = "postgres";
    public string Database { get; init; } = "netinfo";
    /// <summary>False trades crash safety for speed (fsync off): for tests and benchmarks only.</summary>
    public bool Durable { get; init; } = true;
    /// <summary>PostgreSQL's max_connections (null: its default, 100). A test assembly runs many hosts at once, each
    /// with its own pools, and 100 is not enough there.</summary>
    public int? MaxConnections { get; init; }
}

/// <summary>A private PostgreSQL cluster started from the machine's server binaries and kept for the
/// host's lifetime. It listens on a unix socket only (no TCP port, nothing to collide with), in a folder
/// only its own account (and root) can enter.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string Superuser = "netinfo";
    /// <summary>The host's own login: owns the database and its schemas, but is no superuser (ADR 0021).</summary>
    public const string AppRole = "netinfo_app";
    private const int Port = 5432; // only names the socket file inside our private folder
    private readonly EmbeddedPostgresOptions _options;
    private readonly string _bin;
    private readonly string? _runAs;
    private readonly Serilog.ILogger _log;
    private bool _stopped;

    private EmbeddedPostgres(EmbeddedPostgresOptions options, string bin, string? runAs, string socketDir, Serilog.ILogger log)
    {
        _options = options;
        _bin = bin;
        _runAs = runAs;
        _log = log;
        SocketDir = socketDir;
        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionFor(options.Database)) { Username = AppRole }.ConnectionString;
    }

    public string DataDir => _options.DataDir;
    public string SocketDir { get; }
    /// <summary>The host's connection: as <see cref="AppRole"/>, never as the superuser.</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster's superuser, for setting the cluster up (and for test fixtures and benchmarks that
    /// create databases); the host itself never connects this way.</summary>
    public string AdminConnectionFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDir, Port = Port, Username = Superuser, Database = database,
    }.ConnectionString;

    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, Serilog.ILogger log,
        CancellationToken ct = default)
    {
        options = options with { DataDir = Path.GetFullPath(options.DataDir) };
        var bin = FindBinaries(options.BinDir, ClusterVersion(options.DataDir));
        var runAs = Environment.IsPrivilegedProcess ? await EnsureSystemUserAsync(options.SystemUser, ct) : null;
        var socketDir = SocketDirFor(options.DataDir);
        var pg = new EmbeddedPostgres(options, bin, runAs, socketDir, log);
        try
        {
            await pg.StartClusterAsync(ct);
        }
        catch when (File.Exists(Path.Combine(options.DataDir, "postmaster.pid")) && ReadPid(pg.OwnerFile) == Environment.ProcessId)
        {
            await pg.DisposeAsync(); // started, then something after it failed: stop what we started
            throw;
        }
        return pg;
    }

    private async Task StartClusterAsync(CancellationToken ct)
    {
        var dataDir = _options.DataDir;
        var started = Stopwatch.GetTimestamp();
        Directory.CreateDirectory(dataDir);
        if (_runAs is not null) CheckReachable(dataDir, _runAs);
        if (SocketDir != dataDir) Directory.CreateDirectory(SocketDir);
        await ChownAsync(SocketDir, ct);

        if (!File.Exists(Path.Combine(dataDir, "PG_VERSION")))
        {
            if (Directory.EnumerateFileSystemEntries(dataDir).Any())
                throw new InvalidOperationException(
                    $"{dataDir} is neither empty nor a PostgreSQL cluster; point NetInfo:Database:DataDir elsewhere.");
            await ChownAsync(dataDir, ct);
            _log.Information("Initializing embedded PostgreSQL cluster in {DataDir}", dataDir);
            var init = new List<string> { "-D", dataDir, "-U", Superuser, "-E", "UTF8", "--locale=C",
                "--auth-local=trust", "--auth-host=reject" };
            if (!_options.Durable) init.Add("--no-sync");
            await RunAsync("initdb", init, ct);
        }
        else
        {
            await ChownAsync(dataDir, ct);
        }

        await ClearLeftoversAsync(ct);
        File.WriteAllText(OwnerFile, Environment.ProcessId.ToString());

        var settings = $"-c listen_addresses='' -c port={Port} -c unix_socket_directories='{SocketDir}'";
        if (!_options.Durable) settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        if (_options.MaxConnections is { } max) settings += $" -c max_connections={max}";
        await RunAsync("pg_ctl", ["start", "-D", dataDir, "-w", "-t", "60", "-s",
            "-l", Path.Combine(dataDir, "server.log"), "-o", settings], ct);
        await EnsureDatabaseAsync(_options.Database, ct);
        await HandOverToAppRoleAsync(_options.Database, ct);
        _log.Information("Embedded PostgreSQL ready in {ElapsedMs:0} ms (socket {SocketDir})",
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, SocketDir);
    }

    private string OwnerFile => Path.Combine(_options.DataDir, "netinfo-host.pid");

    /// <summary>A host killed with SIGKILL leaves its PostgreSQL running (or a stale postmaster.pid).
    /// Stop that orphan, unless the host that owns it is still alive.</summary>
    private async Task ClearLeftoversAsync(CancellationToken ct)
    {
        var pidFile = Path.Combine(_options.DataDir, "postmaster.pid");
        if (!File.Exists(pidFile)) return;
        if (ReadPid(OwnerFile) is { } owner && owner != Environment.ProcessId && IsProcess(owner, "NetInfoSuite"))
            throw new InvalidOperationException(
                $"The embedded database in {_options.DataDir} is in use by host process {owner}.");

        if (ReadPid(pidFile) is { } postmaster && IsProcess(postmaster, "postgres"))
        {
            _log.Warning("Stopping PostgreSQL {Pid} left running by a host that did not shut down", postmaster);
            await RunAsync("pg_ctl", ["stop", "-D", _options.DataDir, "-m", "fast", "-w", "-t", "60", "-s"], ct);
        }
        else
        {
            _log.Warning("Removing stale {PidFile} left by a killed run", pidFile);
            File.Delete(pidFile);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped) return;
        _stopped = true;
        try
        {
            NpgsqlConnection.ClearAllPools();
            await RunAsync("pg_ctl", ["stop", "-D", _options.DataDir, "-m", "fast", "-w", "-t", "60", "-s"], default);
            File.Delete(OwnerFile);
            _log.Information("Embedded PostgreSQL stopped");
        }
        catch (Exception ex)
        {
            _log.Warning(ex, "Embedded PostgreSQL did not stop cleanly");
        }
    }

    private async Task EnsureDatabaseAsync(string database, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(AdminConnectionFor("postgres"));
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", conn)
            { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Creates the host's login role and makes it the owner of the database and of everything in its own
    /// schemas, objects a host from before this role created as the superuser included. As owner it creates and
    /// updates its tables and drops old audit months; as a non-superuser it cannot read or write files, run
    /// programs, reach other databases or bypass the audit trail's triggers (TRUNCATE, UPDATE, DELETE).</summary>
    private async Task HandOverToAppRoleAsync(string database, CancellationToken ct)
    {
        var quoted = "\"" + database.Replace("\"", "\"\"") + "\"";
        await using (var conn = new NpgsqlConnection(AdminConnectionFor("postgres")))
        {
            await conn.OpenAsync(ct);
            await using var role = new NpgsqlCommand($"""
                do $$ begin
                    if not exists (select 1 from pg_roles where rolname = '{AppRole}') then
                        create role {AppRole} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
                    end if;
                end $$;
                alter role {AppRole} nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
                alter database {quoted} owner to {AppRole};
                """, conn);
            await role.ExecuteNonQueryAsync(ct);
        }
        await using var db = new NpgsqlConnection(AdminConnectionFor(database));
        await db.OpenAsync(ct);
        // Sequences that belong to a column follow their table; composite types of tables follow too.
        await using var owners = new NpgsqlCommand($$"""
            do $$ declare r record; begin
                for r in select n.nspname from pg_namespace n
                         where n.nspname not like 'pg\_%' and n.nspname <> 'information_schema' and n.nspowner <> '{{AppRole}}'::regrole loop
                    execute format('alter schema %I owner to {{AppRole}}', r.nspname);
                end loop;
                for r in select c.oid::regclass as name, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
                         where n.nspname not like 'pg\_%' and n.nspname <> 'information_schema' and c.relowner <> '{{AppRole}}'::regrole
                           and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
                           and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')) loop
                    execute format('alter %s %s owner to {{AppRole}}',
                        case r.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
                                       when 'f' then 'foreign table' else 'table' end, r.name);
                end loop;
                for r in select p.oid::regprocedure as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                         where n.nspname not like 'pg\_%' and n.nspname <> 'information_schema' and p.proowner <> '{{AppRole}}'::regrole
                           and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e') loop
                    execute format('alter routine %s owner to {{AppRole}}', r.name);
                end loop;
                for r in select t.oid::regtype as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
                         where n.nspname not like 'pg\_%' and n.nspname <> 'information_schema' and t.typowner <> '{{AppRole}}'::regrole
                           and t.typtype in ('e', 'd', 'r') loop
                    execute format('alter type %s owner to {{AppRole}}', r.name);
                end loop;
            end $$;
            """, db);
        await owners.ExecuteNonQueryAsync(ct);
    }

    private async Task RunAsync(string tool, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (_runAs is null)
        {
            psi.FileName = Path.Combine(_bin, tool);
        }
        else
        {
            psi.FileName = "runuser";
            foreach (var a in (string[])["-u", _runAs, "--", Path.Combine(_bin, tool)]) psi.ArgumentList.Add(a);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
            throw new InvalidOperationException(
                $"{tool} exited with {p.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}".Trim());
    }

    /// <summary>Owned by the PostgreSQL account and closed to everyone else: the socket trusts whoever reaches it.</summary>
    private async Task ChownAsync(string path, CancellationToken ct)
    {
        if (_runAs is not null)
        {
            using var p = Process.Start(new ProcessStartInfo("chown", [$"{_runAs}:", path]) { UseShellExecute = false })!;
            await p.WaitForExitAsync(ct);
        }
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static async Task<string> EnsureSystemUserAsync(string user, CancellationToken ct)
    {
        using var id = Process.Start(new ProcessStartInfo("id", ["-u", user])
            { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        await id.WaitForExitAsync(ct);
        if (id.ExitCode == 0) return user;
        using var add = Process.Start(new ProcessStartInfo("useradd",
            ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user]) { UseShellExecute = false })!;
        await add.WaitForExitAsync(ct);
        if (add.ExitCode != 0) throw new InvalidOperationException($"Could not create system user '{user}' for PostgreSQL.");
        return user;
    }

    /// <summary>PostgreSQL runs as another account: every folder above the data folder must let it pass.</summary>
    private static void CheckReachable(string dataDir, string user)
    {
        for (var dir = Path.GetDirectoryName(dataDir); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if ((File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0)
                throw new InvalidOperationException(
                    $"PostgreSQL runs as '{user}' and cannot enter {dir}; choose a data folder outside it (NetInfo:Database:DataDir).");
        }
    }

    /// <summary>A unix socket path must stay under ~107 bytes; long data folders get a private one in /tmp.</summary>
    private static string SocketDirFor(string dataDir)
    {
        if (Encoding.UTF8.GetByteCount(dataDir) + 16 <= 100) return dataDir;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDir)))[..12];
        return Path.Combine(Path.GetTempPath(), $"netinfo-pg-{hash}");
    }

    /// <summary>The major version that made the cluster (its PG_VERSION file), or null for a new cluster.</summary>
    private static int? ClusterVersion(string dataDir) =>
        File.Exists(Path.Combine(dataDir, "PG_VERSION")) && int.TryParse(File.ReadAllText(Path.Combine(dataDir, "PG_VERSION")).Trim(), out var v)
            ? v : null;

    /// <summary>A cluster runs only with the binaries of the major version that made it: those, or the newest
    /// installed for a new cluster. Another major's server refuses the files (or, worse, a tool half-works).</summary>
    private static string FindBinaries(string? configured, int? cluster)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            if (!File.Exists(Path.Combine(configured, "pg_ctl")))
                throw new InvalidOperationException($"No pg_ctl in NetInfo:Database:BinDir '{configured}'.");
            if (cluster is { } wanted && BinariesVersion(configured) is { } have && have != wanted)
                throw new InvalidOperationException(
                    $"The embedded cluster was made by PostgreSQL {wanted}, but NetInfo:Database:BinDir '{configured}' holds PostgreSQL {have}. " +
                    $"Point it at PostgreSQL {wanted}'s binaries, or upgrade the cluster with pg_upgrade first.");
            return configured;
        }
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
                .Where(d => File.Exists(Path.Combine(d.Bin, "pg_ctl")) && File.Exists(Path.Combine(d.Bin, "initdb")))
                .OrderByDescending(d => d.Version)
                .ToList()
            : [];
        if (cluster is { } major)
            return installed.FirstOrDefault(d => d.Version == major).Bin ?? throw new InvalidOperationException(
                $"The embedded cluster was made by PostgreSQL {major}, whose server binaries are not installed " +
                $"(found: {(installed.Count == 0 ? "none" : string.Join(", ", installed.Select(d => d.Version)))}). Install them " +
                $"(apt-get install -y postgresql-{major}) or set NetInfo:Database:BinDir; to move to a newer version, upgrade the cluster with pg_upgrade.");
        return installed.Count > 0 ? installed[0].Bin : throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql. Install them (apt-get install -y postgresql, " +
            "which tools/run.sh does), set NetInfo:Database:BinDir, or set ConnectionStrings:Marten to use a server.");
    }

    /// <summary>The major version of the binaries in a folder ("pg_ctl (PostgreSQL) 17.6" → 17), or null if unknown.</summary>
    private static int? BinariesVersion(string bin)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Path.Combine(bin, "pg_ctl"), ["--version"])
                { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var match = System.Text.RegularExpressions.Regex.Match(text, @"\)\s*(\d+)");
            return match.Success ? int.Parse(match.Groups[1].Value) : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    private static int? ReadPid(string file) =>
        File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault(), out var pid) ? pid : null;

    private static bool IsProcess(int pid, params string[] names)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            return names.Any(n => cmdline.Contains(n, StringComparison.Ordinal));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
