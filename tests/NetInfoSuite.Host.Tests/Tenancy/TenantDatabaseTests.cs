using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Host.Tests.Tenancy;

/// <summary>宁安市 moved into a database of its own in a running deployment: its rows follow it (the move command),
/// nothing starts while they sit in the wrong place, and the platform's records stay in the main database.</summary>
public sealed class TenantDatabaseTests(PostgresServer postgres) : IDisposable
{
    private const string Ningan = "231084";
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "netinfo-tenants-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly PluginFolder _plugins = PluginFolder.With("directory", "probe");

    [Fact]
    public async Task A_county_moved_to_its_own_database_keeps_its_rows_and_the_platform_records_stay_in_the_main_one()
    {
        Directory.CreateDirectory(_workDir);
        var main = await postgres.CreateDatabaseAsync();
        var own = await postgres.CreateDatabaseAsync();
        string[] split = [$"--NetInfo:Tenancy:Databases:ningan:ConnectionString={own}", $"--NetInfo:Tenancy:Databases:ningan:Tenants={Ningan}"];

        // Before the split: 宁安市 writes a note into the shared main database.
        Guid ninganUnit;
        string editor;
        await using (var before = await StartHostAsync(main))
        {
            var city = await CreateUnit(before, "231000", "牡丹江市", "City", null);
            ninganUnit = await CreateUnit(before, Ningan, "宁安市", "County", city);
            editor = await CreateUser(before.Client, ninganUnit, "Editor");
            var client = await SignedIn(before, editor);
            (await client.PostAsJsonAsync("/api/probe/notes", new { id = Guid.NewGuid(), text = "拆分前的记录" })).EnsureSuccessStatusCode();
        }
        Assert.Equal(1, await Count(main, "probe.mt_doc_probenote", Ningan));

        // The split configured, the rows not moved yet: the host refuses to start, and says what to run.
        var (refused, output) = await HostProcess.RunToExitAsync(_workDir, [.. Settings(main), "--Urls=http://127.0.0.1:0", .. split]);
        Assert.NotEqual(0, refused);
        Assert.Contains($"1 row(s) of tenant {Ningan} in probe.mt_doc_probenote of the main database (belongs in ningan)", output);
        Assert.Contains("tenants move", output);

        var (moved, moveOutput) = await HostProcess.RunToExitAsync(_workDir, ["tenants", "move", Ningan, .. Settings(main), .. split]);
        Assert.True(moved == 0, moveOutput);
        Assert.Equal(0, await Count(main, "probe.mt_doc_probenote", Ningan));
        Assert.Equal(1, await Count(own, "probe.mt_doc_probenote", Ningan));

        await using var after = await StartHostAsync(main, split);
        var ningan = await SignedIn(after, editor);
        Assert.Equal(["拆分前的记录"], (await ningan.GetFromJsonAsync<string[]>("/api/probe/notes"))!);
        (await ningan.PostAsJsonAsync("/api/probe/notes", new { id = Guid.NewGuid(), text = "拆分后的记录" })).EnsureSuccessStatusCode();
        // The city reads across both databases.
        Assert.Equal(new[] { "拆分前的记录", "拆分后的记录" }.Order(), (await after.Client.GetFromJsonAsync<string[]>("/api/probe/notes"))!.Order());

        // A user made by 宁安市's own administrator is a platform record: in the main database, and it signs in.
        var countyAdmin = await SignedIn(after, await CreateUser(after.Client, ninganUnit, "CountyAdmin"));
        var made = await CreateUser(countyAdmin, ninganUnit, "Viewer");
        Assert.Equal(HttpStatusCode.OK, (await (await SignedIn(after, made)).GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(0, await Count(own, "platform.mt_doc_platformuser", null));
        // So is the audit trail, append-only there: the county's commands are recorded in the main database only.
        Assert.True(await Count(main, "platform.audit_trail", null, $"tenant = '{Ningan}' and action = 'CreateUser'") >= 1);
        Assert.Equal(0, await Count(own, "platform.audit_trail", null));
    }

    private string[] Settings(string main) =>
    [
        $"--ConnectionStrings:Marten={main}", $"--NetInfo:PluginsPath={_plugins.Path}",
        $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}",
    ];

    private async Task<HostProcess> StartHostAsync(string main, params string[] more)
    {
        var host = await HostProcess.StartAsync(_workDir, [.. Settings(main), .. more]);
        await host.Client.SignInAsync("admin", TestHost.AdminPassword);
        return host;
    }

    private static async Task<Guid> CreateUnit(HostProcess host, string code, string name, string level, Guid? parentId)
    {
        var response = await host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private const string UserPassword = "User#Pass-2026";

    private static async Task<string> CreateUser(HttpClient admin, Guid unit, string role)
    {
        var login = "u" + Guid.NewGuid().ToString("N")[..10];
        var created = await admin.PostAsJsonAsync("/api/users",
            new { login, name = "测试用户", orgUnitId = unit, roles = new[] { role }, password = UserPassword, temporary = false });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return login;
    }

    private static async Task<HttpClient> SignedIn(HostProcess host, string login)
    {
        var client = new HttpClient { BaseAddress = host.Client.BaseAddress };
        await client.SignInAsync(login, UserPassword);
        return client;
    }

    private static async Task<long> Count(string connection, string table, string? tenant, string? where = null)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var exists = new NpgsqlCommand("select to_regclass($1) is not null", conn) { Parameters = { new() { Value = table } } };
        if (!(bool)(await exists.ExecuteScalarAsync())!) return 0;
        var filter = string.Join(" and ", new[] { tenant is null ? null : $"tenant_id = '{tenant}'", where }.OfType<string>().DefaultIfEmpty("true"));
        await using var count = new NpgsqlCommand($"select count(*) from {table} where {filter}", conn);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        _plugins.Dispose();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { }
    }
}
