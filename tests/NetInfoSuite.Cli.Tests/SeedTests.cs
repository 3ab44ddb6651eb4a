using System.Text.Json;
using NetInfoSuite.Cli;
using NetInfoSuite.Cli.Database;
using NetInfoSuite.Cli.Seed;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Cli.Tests;

/// <summary>One host with the modules the seed fills, seeded once at the small scale through its HTTP API.</summary>
public sealed class SeededCity(PostgresServer postgres) : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;
    public NetInfoApi Api { get; private set; } = null!;
    public Seeder First { get; private set; } = null!;
    public TextOutput FirstOutput { get; } = new();
    public CityPlan Plan { get; } = new(SeedScale.Small, 7);
    public PostgresServer Postgres => postgres;
    public static readonly string[] Modules = ["directory", "grid-dispatch", "account-matrix", "compliance", "netizen-registry", "inspection"];

    public async ValueTask InitializeAsync()
    {
        Host = await TestHost.StartAsync(postgres, Modules);
        Api = new NetInfoApi(Host.Client);
        First = await Commands.SeedWithAsync(Api, "admin", Host.NewClient, SeedScale.Small, 7, FirstOutput);
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

public sealed partial class SeedTests(SeededCity city) : IClassFixture<SeededCity>
{
    private static readonly string[] ModuleSchemas = SeededCity.Modules.Select(m => m.Replace('-', '_')).ToArray();

    [Fact]
    public async Task The_seed_builds_the_city_its_counties_users_groups_and_active_accounts_through_the_api()
    {
        var units = await city.Api.GetAllAsync("/api/directory/units");
        Assert.Equal(city.Plan.Units.Count, units.Count);
        var counties = units.Where(u => u.GetProperty("level").GetString() == "County").Select(u => u.GetProperty("name").GetString()).Order().ToArray();
        Assert.Equal(new[] { "东安区", "阳明区", "爱民区", "西安区", "绥芬河市", "海林市", "宁安市", "穆棱市", "东宁市", "林口县" }.Order().ToArray(), counties);
        Assert.Contains(units, u => u.GetProperty("name").GetString() == "牡丹江市" && u.GetProperty("code").GetString() == "231000");
        Assert.Equal(city.Plan.Scale.Departments, units.Count(u => u.GetProperty("level").GetString() == "Department"));

        var groups = await city.Api.GetAsync("/api/grid-dispatch/groups?pageSize=1");
        Assert.Equal(city.Plan.Scale.Groups, groups.GetProperty("total").GetInt64());

        var accounts = await city.Api.GetAllAsync("/api/account-matrix/accounts");
        Assert.Equal(city.Plan.Scale.Accounts, accounts.Count);
        Assert.All(accounts, a => Assert.Equal("Active", a.GetProperty("status").GetString()));
        Assert.Contains(accounts, a => a.GetProperty("category").GetString() == "News");

        // Every role, each with its one-time password printed once.
        var users = (await city.Api.GetAllAsync("/api/users")).Select(u => u.GetProperty("login").GetString()).ToHashSet();
        Assert.All(Seeder.PlannedUsers(city.Plan), p => Assert.Contains(p.Login, users));
        Assert.All(city.First.Users, u => Assert.False(string.IsNullOrEmpty(u.OneTimePassword)));
        Assert.Contains(city.FirstOutput.Lines, l => l.Contains("dongan.grid") && l.Contains(city.First.Users.First(u => u.Login == "dongan.grid").OneTimePassword!));

        // Directives drafted by one person, approved by another, issued (the last two wait), with the operators' feedback.
        var directives = (await city.Api.GetAllAsync("/api/grid-dispatch/directives", pageSize: 200)).ToList();
        Assert.Equal(city.Plan.Scale.Directives, directives.Count);
        Assert.Equal(city.Plan.Scale.Directives - 2, directives.Count(d => d.GetProperty("status").GetString() == "Issued"));
        Assert.All(directives.Where(d => d.GetProperty("status").GetString() != "Draft"),
            d => Assert.NotEqual(d.GetProperty("createdBy").GetString(), d.GetProperty("approvedBy").GetString()));
        Assert.Contains(city.FirstOutput.Lines, l => l.StartsWith("指令反馈：已反馈 ", StringComparison.Ordinal) && !l.StartsWith("指令反馈：已反馈 0，", StringComparison.Ordinal));

        var notices = await city.Api.GetAllAsync("/api/compliance/notices", pageSize: 200);
        Assert.Equal(6, notices.Count);
        Assert.Equal(["Acknowledged", "Issued", "ReportSubmitted", "Returned", "Verified"],
            notices.Select(n => n.GetProperty("status").GetString()!).Distinct().Order().ToArray());
        var mediaUnits = await city.Api.GetAsync("/api/compliance/media-units?pageSize=1");
        Assert.Equal(Seeder.MediaUnitCount, mediaUnits.GetProperty("total").GetInt64());

        // The registry and the evaluation are not the system administrator's to read: a city administrator looks.
        var cityId = units.First(u => u.GetProperty("code").GetString() == "231000").GetProperty("id").GetGuid();
        var cityAdmin = new NetInfoApi(await city.Host.ClientForAsync(cityId, "CityAdmin"));
        var profiles = await cityAdmin.GetAllAsync("/api/netizen-registry/profiles");
        Assert.Equal(4, profiles.Count);
        Assert.All(profiles, p => Assert.Equal(JsonValueKind.Object, p.GetProperty("typical").ValueKind));
        var plans = await cityAdmin.GetAsync("/api/inspection/plans?pageSize=5");
        var plan = await cityAdmin.GetAsync($"/api/inspection/plans/{plans.GetProperty("items")[0].GetProperty("id").GetGuid()}/scores");
        Assert.Contains("东宁市", plan.ToString());

        // A year (here: the scale's days) of daily figures per account: the dormant check sees none of them dormant.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Seeder.BeijingTime).DateTime);
        var dormant = await city.Api.GetAsync($"/api/account-matrix/dormant?at={today.AddDays(-1):yyyy-MM-dd}&days=30");
        Assert.True(DormantCount(dormant) < accounts.Count, dormant.ToString());
    }

    private static int DormantCount(JsonElement dormant) => dormant.ValueKind == JsonValueKind.Array ? dormant.GetArrayLength()
        : dormant.TryGetProperty("items", out var items) ? items.GetArrayLength() : dormant.GetProperty("accounts").GetArrayLength();

    [Fact]
    public async Task Seeding_again_with_the_same_number_doubles_nothing()
    {
        var before = await ModuleCounts();
        var again = new TextOutput();
        var second = await Commands.SeedWithAsync(city.Api, "admin", city.Host.NewClient, SeedScale.Small, 7, again);

        Assert.Equal(before, await ModuleCounts());
        // Users already there keep their passwords, except the ones the seed worked as (given a new one-time password).
        Assert.Contains("cityadmin", second.WorkedAs);
        Assert.All(second.Users.Where(u => !second.WorkedAs.Contains(u.Login)), u => Assert.Null(u.OneTimePassword));
        Assert.All(second.Users.Where(u => second.WorkedAs.Contains(u.Login)), u => Assert.NotNull(u.OneTimePassword));
        Assert.Contains(again.Lines, l => l.StartsWith("网格群：新建 0，", StringComparison.Ordinal));
        Assert.Contains(again.Lines, l => l.StartsWith("新媒体账号：新建 0，", StringComparison.Ordinal));
        Assert.Contains(again.Lines, l => l.StartsWith("组织机构：新建 0，改名 0，", StringComparison.Ordinal));
    }

    private async Task<string> ModuleCounts() =>
        string.Join("\n", (await BackupRestore.CountAsync(city.Host.ConnectionString))
            .Where(t => ModuleSchemas.Contains(t.Schema)).Select(t => $"{t.Schema}.{t.Table}={t.Rows}"));

    [Fact]
    public async Task A_refused_request_reports_the_hosts_title_and_field_errors_not_a_stack_trace()
    {
        var refused = await Assert.ThrowsAsync<ApiException>(() =>
            city.Api.PostAsync("/api/users", new { login = "坏 登录名", name = "", orgUnitId = Guid.Empty, roles = Array.Empty<string>() }));
        Assert.Equal(400, refused.Status);
        Assert.Contains("login", refused.Errors.Keys);
        Assert.Contains("name", refused.Errors.Keys);

        var output = new TextOutput();
        Assert.Equal(2, await Commands.RunAsync(["seed", "--scale", "town", "--url", "http://127.0.0.1:1", "--login", "a", "--password", "b"], output));
        Assert.Contains(output.Lines, l => l.Contains("--scale 须为 city、small 或 province"));
        Assert.Equal(2, await Commands.RunAsync(["seed", "--url"], output));
        Assert.Contains(output.Lines, l => l.Contains("--url 缺少值"));
    }

    [Fact]
    public async Task Backup_then_restore_into_an_empty_database_and_again_after_a_wipe_brings_every_tables_rows_back()
    {
        var file = Path.Combine(Path.GetTempPath(), $"netinfo-backup-{Guid.NewGuid():N}.dump");
        try
        {
            var manifest = await BackupRestore.BackupAsync(city.Host.ConnectionString, file);
            Assert.True(File.Exists(BackupRestore.ManifestPath(file)));
            Assert.Contains(manifest.Tables, t => t.Schema == "grid_dispatch" && t.Rows >= city.Plan.Scale.Groups);

            var empty = await city.Postgres.CreateDatabaseAsync();
            var checks = await BackupRestore.RestoreAsync(empty, file);
            Assert.NotEmpty(checks);
            Assert.All(checks, c => Assert.True(c.Equal, $"{c.Schema}.{c.Table}: {c.InBackup} → {c.Restored}"));

            // Wipe the restored copy's module data, restore again over it: every count is back.
            await using (var connection = new Npgsql.NpgsqlConnection(empty))
            {
                await connection.OpenAsync();
                foreach (var t in manifest.Tables.Where(t => ModuleSchemas.Contains(t.Schema)))
                    await using (var delete = new Npgsql.NpgsqlCommand($"delete from \"{t.Schema}\".\"{t.Table}\"", connection))
                        await delete.ExecuteNonQueryAsync();
            }
            Assert.Contains(BackupRestore.Compare(manifest.Tables, await BackupRestore.CountAsync(empty)), c => !c.Equal);
            Assert.All(await BackupRestore.RestoreAsync(empty, file), c => Assert.True(c.Equal, $"{c.Schema}.{c.Table}: {c.InBackup} → {c.Restored}"));

            // The command line's verbs: a restore whose counts match says so (exit 0); one whose recorded counts differ
            // from what it brought back names the table and exits 3.
            var output = new TextOutput();
            Assert.Equal(0, await Commands.RunAsync(["restore", "--from", file, "--connection", empty], output));
            Assert.Contains(output.Lines, l => l.StartsWith("已恢复：", StringComparison.Ordinal));

            // Same number of rows, one value changed: the checksum tells.
            await using (var connection = new Npgsql.NpgsqlConnection(empty))
            {
                await connection.OpenAsync();
                await using var change = new Npgsql.NpgsqlCommand(
                    "update directory.mt_doc_orgunit set data = jsonb_set(data, '{Name}', '\"改过的名称\"') where id = (select id from directory.mt_doc_orgunit order by id limit 1)", connection);
                Assert.Equal(1, await change.ExecuteNonQueryAsync());
            }
            var changed = Assert.Single(BackupRestore.Compare(manifest.Tables, await BackupRestore.CountAsync(empty)), c => !c.Equal);
            Assert.Equal(("directory", "mt_doc_orgunit", false), (changed.Schema, changed.Table, changed.SameContent));
            Assert.Equal(changed.InBackup, changed.Restored);
            var recorded = manifest with { Tables = manifest.Tables.Select(t => t.Table == "mt_doc_account" ? t with { Rows = t.Rows + 1 } : t).ToList() };
            await File.WriteAllTextAsync(BackupRestore.ManifestPath(file), JsonSerializer.Serialize(recorded, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            var differs = new TextOutput();
            Assert.Equal(3, await Commands.RunAsync(["restore", "--from", file, "--connection", empty], differs));
            Assert.Contains(differs.Lines, l => l.Contains("mt_doc_account") && l.Contains("✗"));
            Assert.Contains(differs.Lines, l => l.Contains("有 1 张表的行数或内容与备份时不同"));

            // A host on the restored database serves the same accounts.
            await using var restored = await TestHost.StartOnAsync(empty, SeededCity.Modules);
            var accounts = await new NetInfoApi(restored.Client).GetAsync("/api/account-matrix/accounts?pageSize=1");
            Assert.Equal(city.Plan.Scale.Accounts, accounts.GetProperty("total").GetInt64());
        }
        finally
        {
            File.Delete(file);
            File.Delete(BackupRestore.ManifestPath(file));
        }
    }
}

/// <summary>A module that is not deployed is skipped with a line, and the rest still seeds.</summary>
public sealed class SeedWithoutModulesTests(PostgresServer postgres)
{
    [Fact]
    public async Task Parts_whose_module_is_not_loaded_are_skipped_with_a_line()
    {
        await using var host = await TestHost.StartAsync(postgres, ["directory"]);
        var output = new TextOutput();
        var seeder = await Commands.SeedWithAsync(new NetInfoApi(host.Client), "admin", host.NewClient, SeedScale.Small, 1, output);
        Assert.Contains(output.Lines, l => l.Contains("跳过网格群：模块 grid-dispatch 未加载"));
        Assert.Contains(output.Lines, l => l.Contains("跳过新媒体账号：模块 account-matrix 未加载"));
        Assert.Contains(seeder.Parts, p => p.Name == "组织机构" && p.Outcome.StartsWith("新建 ", StringComparison.Ordinal));
    }
}
