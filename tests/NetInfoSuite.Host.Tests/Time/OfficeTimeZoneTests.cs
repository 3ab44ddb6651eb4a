using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Time;

/// <summary>The host run as a process on a server in UTC and on one in New York, its clock stopped at 23:30 and at
/// 00:30 Beijing time across the change from October to November 2026 (1 November is a Sunday, so a ranking week
/// starts too). Periods, deadlines, evaluations, rankings, the licence check and the times on pages follow Beijing
/// time, the same in both zones.</summary>
public sealed class OfficeTimeZoneTests(PostgresServer postgres)
{
    public static TheoryData<string, string> Servers => new()
    {
        { "UTC", "2026-10-31T23:30:00+08:00" },
        { "UTC", "2026-11-01T00:30:00+08:00" },
        { "America/New_York", "2026-10-31T23:30:00+08:00" },
        { "America/New_York", "2026-11-01T00:30:00+08:00" },
    };

    [Theory, MemberData(nameof(Servers))]
    public async Task Every_period_deadline_and_shown_time_is_Beijing_time_whatever_the_server_zone(string zone, string now)
    {
        var beijingToday = DateOnly.FromDateTime(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture).DateTime);
        var lastDayOfOctober = beijingToday == new DateOnly(2026, 10, 31);
        var workDir = Path.Combine(Path.GetTempPath(), "netinfo-tz-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDir);
        try
        {
            await using var host = await HostProcess.StartAsync(workDir, RepoPaths.FakeClockHostDll,
                new Dictionary<string, string> { ["TZ"] = zone, ["NETINFO_FAKE_NOW"] = now },
                $"--ConnectionStrings:Marten={await postgres.CreateDatabaseAsync()}", $"--NetInfo:PluginsPath={RepoPaths.HostPlugins}",
                $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}");
            var admin = host.Client;
            await admin.SignInAsync("admin", TestHost.AdminPassword);
            var city = await UnitAsync(admin, "231000", "牡丹江市", "City", null);
            var county = await UnitAsync(admin, "231084", "宁安市", "County", city);
            var street = await UnitAsync(admin, "231084001", "宁安一街", "Street", county);
            var community = await UnitAsync(admin, "231084001001", "一街甲社区", "Community", street);
            using var drafter = await UserAsync(host, city, "CityAdmin");
            using var approver = await UserAsync(host, city, "CityAdmin");

            var group = await GroupAsync(drafter, community);
            // Due 03:00 Beijing time on 1 November: 19:00 UTC on 31 October.
            var directive = await PostAsync(drafter, "/api/grid-dispatch/directives", new
            {
                title = "反诈提醒", body = "请转发到各群。", category = "AntiFraud", urgency = "Routine", delivery = "Direct",
                deadline = "2026-11-01T03:00:00+08:00", target = new { groups = new[] { group } },
            });
            var id = directive.GetProperty("id").GetGuid();
            foreach (var (client, step) in new[] { (approver, "approve"), (drafter, "issue") })
                if (await client.PostAsync($"/api/grid-dispatch/directives/{id}/{step}", null) is { IsSuccessStatusCode: false } refused)
                    Assert.Fail($"{step}: {await refused.Content.ReadAsStringAsync()}\n{host.Output}");

            // 考评: the task due 03:00 Beijing on the 1st belongs to November, not October.
            Assert.Equal(1, await AssignedAsync(drafter, county, "2026-11-01", "2026-11-30"));
            Assert.Equal(0, await AssignedAsync(drafter, county, "2026-10-01", "2026-10-31"));

            // Pages show Beijing time, and a time typed without an offset (as a form sends it) means Beijing time.
            Assert.Contains("截止 2026-11-01 03:00", await PageAsync(drafter, $"/grid-dispatch/directives/{id}"));
            var late = await PostAsync(drafter, "/api/grid-dispatch/directives", new
            {
                title = "夜间提醒", body = "请转发。", category = "AntiFraud", urgency = "Routine", delivery = "Direct",
                deadline = "2026-11-01T23:37:00", target = new { groups = new[] { group } },
            });
            Assert.Equal(new DateTimeOffset(2026, 11, 1, 15, 37, 0, TimeSpan.Zero), late.GetProperty("deadline").GetDateTimeOffset());
            Assert.Contains("截止 2026-11-01 23:37", await PageAsync(drafter, $"/grid-dispatch/directives/{late.GetProperty("id").GetGuid()}"));
            var evaluation = await PageAsync(drafter, "/grid-dispatch/evaluation");
            Assert.Equal(beijingToday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Regex.Match(evaluation, "id=\"to\"[^>]*value=\"([0-9-]+)\"").Groups[1].Value);

            // Rankings default to the last whole Sunday–Saturday week and the last whole month of Beijing's today.
            var (week, month) = (await RankingAsync(drafter, "week"), await RankingAsync(drafter, "month"));
            Assert.Equal(lastDayOfOctober ? ("2026-10-18", "2026-10-24") : ("2026-10-25", "2026-10-31"), week);
            Assert.Equal(lastDayOfOctober ? ("2026-09-01", "2026-09-30") : ("2026-10-01", "2026-10-31"), month);

            // A CAP alert whose <expires> has no offset is due at that Beijing time (the server's zone read it before).
            (await drafter.PutAsJsonAsync("/api/grid-dispatch/cap/areas", new { area = "宁安市", orgUnitId = county })).EnsureSuccessStatusCode();
            var alert = await drafter.PostAsync("/api/grid-dispatch/cap/import", new StringContent($"""
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>TZ-{zone}</identifier><sender>tz@example</sender>
                <sent>{now}</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
                <info><language>zh-CN</language><category>Met</category><event>暴雪</event><urgency>Expected</urgency>
                <severity>Severe</severity><certainty>Likely</certainty><headline>暴雪预警</headline>
                <expires>2026-11-02T10:00:00</expires><area><areaDesc>宁安市</areaDesc></area></info></alert>
                """, System.Text.Encoding.UTF8, "application/xml"));
            Assert.True(alert.IsSuccessStatusCode, await alert.Content.ReadAsStringAsync());
            Assert.Equal(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero),
                (await alert.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deadline").GetDateTimeOffset());

            // The audit list's from= without an offset is the start of that Beijing day: today's records are in it.
            var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?action=CreateOrgUnit&from={beijingToday:yyyy-MM-dd}");
            Assert.Equal(4, audit.GetProperty("total").GetInt32());

            // A news licence valid to 31 October has expired once it is 1 November in Beijing.
            var registered = await drafter.PostAsJsonAsync("/api/account-matrix/accounts", new
            {
                name = "宁安新闻", platform = "WeChat", handle = "ningan-news", category = "News", ownerUnitId = county, verified = true,
                licence = new { number = "23120170001", issuer = "黑龙江省网信办", validFrom = "2023-11-01", validTo = "2026-10-31" },
            });
            Assert.Equal(lastDayOfOctober ? HttpStatusCode.Created : HttpStatusCode.BadRequest, registered.StatusCode);
            if (!lastDayOfOctober) Assert.Contains("licence.validTo", await registered.Content.ReadAsStringAsync());
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    /// <summary>NETINFO_FAKE_SPEED: the test host's clock runs that many times as fast as real time from the moment the
    /// host is ready, and the host's recurring work (PeriodicTimer on that clock) follows it: a task due three simulated
    /// minutes after issue is marked overdue by the supervision work within seconds of real time.</summary>
    [Fact]
    public async Task The_test_host_clock_runs_fast_when_asked_and_the_recurring_work_follows_it()
    {
        const double speed = 60; // a simulated minute a real second; an access token lasts 30 real seconds
        var workDir = Path.Combine(Path.GetTempPath(), "netinfo-fast-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDir);
        try
        {
            var db = await postgres.CreateDatabaseAsync();
            await using var host = await HostProcess.StartAsync(workDir, RepoPaths.FakeClockHostDll,
                new Dictionary<string, string> { ["NETINFO_FAKE_NOW"] = "2026-11-02T09:00:00+08:00", ["NETINFO_FAKE_SPEED"] = "60" },
                $"--ConnectionStrings:Marten={db}", $"--NetInfo:PluginsPath={RepoPaths.HostPlugins}",
                $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}", "--GridDispatch:FourEyes=false");
            async Task<DateTimeOffset> NowAsync() =>
                (await host.Client.GetFromJsonAsync<JsonElement>("/__fake-clock")).GetProperty("now").GetDateTimeOffset();

            // The clock starts once the host is ready (ApplicationStarted), a moment after it first answers.
            var start = await NowAsync();
            for (var tries = 0; await NowAsync() == start && tries < 200; tries++) await Task.Delay(50);
            var real = System.Diagnostics.Stopwatch.StartNew();
            var before = await NowAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = await NowAsync();
            var simulated = (after - before).TotalSeconds;
            Assert.InRange(simulated, 2 * speed * 0.9, (real.Elapsed.TotalSeconds + 0.1) * speed);
            Assert.True(before >= new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero), $"the clock starts at NETINFO_FAKE_NOW, not {before:O}");

            var admin = host.Client;
            await admin.SignInAsync("admin", TestHost.AdminPassword);
            var city = await UnitAsync(admin, "231000", "牡丹江市", "City", null);
            var street = await UnitAsync(admin, "231084001", "宁安一街", "Street", await UnitAsync(admin, "231084", "宁安市", "County", city));
            var community = await UnitAsync(admin, "231084001001", "一街甲社区", "Community", street);
            using var office = await UserAsync(host, city, "CityAdmin");
            var group = await GroupAsync(office, community);
            var directive = await PostAsync(office, "/api/grid-dispatch/directives", new
            {
                title = "反诈提醒", body = "请转发到各群。", category = "AntiFraud", urgency = "Routine", delivery = "Direct",
                deadline = await NowAsync() + TimeSpan.FromMinutes(3), target = new { groups = new[] { group } },
            });
            var id = directive.GetProperty("id").GetGuid();
            foreach (var step in new[] { "approve", "issue" }) await PostAsync(office, $"/api/grid-dispatch/directives/{id}/{step}", new { });

            // Three simulated minutes are three real seconds; the supervision work runs every simulated minute.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var overdue = false;
            while (!overdue && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(500);
                await using var connection = new Npgsql.NpgsqlConnection(db);
                await connection.OpenAsync();
                await using var query = new Npgsql.NpgsqlCommand("select bool_and(overdue) from grid_dispatch.tasks where directive_id = $1", connection);
                query.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
                overdue = await query.ExecuteScalarAsync() is true;
            }
            Assert.True(overdue, $"the task due three simulated minutes later was not marked overdue after {waited.Elapsed.TotalSeconds:0} real seconds\n{host.Output}");
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> UnitAsync(HttpClient admin, string code, string name, string level, string? parentId) =>
        (await PostAsync(admin, "/api/directory/units", new { code, name, level, parentId })).GetProperty("id").GetString()!;

    /// <summary>A grid group of the community with one operator; its id.</summary>
    private static async Task<Guid> GroupAsync(HttpClient client, string community) =>
        (await PostAsync(client, "/api/grid-dispatch/groups", new
        {
            name = "一街甲网格群", kind = "GridGroup", platform = "WeChat", orgUnitId = community, memberCount = 200,
            operators = new[] { new { name = "张网格", phone = "13900001234", login = (string?)null } },
        })).GetProperty("id").GetGuid();

    private static async Task<HttpClient> UserAsync(HostProcess host, string unit, string role)
    {
        var login = "u" + Guid.NewGuid().ToString("N")[..10];
        await PostAsync(host.Client, "/api/users", new { login, name = "测试用户", orgUnitId = unit, roles = new[] { role }, password = "User#Pass-2026", temporary = false });
        var client = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await client.SignInAsync(login, "User#Pass-2026");
        return client;
    }

    private static async Task<int> AssignedAsync(HttpClient client, string county, string from, string to) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/grid-dispatch/evaluation?parent={county}&from={from}&to={to}"))
        .EnumerateArray().Single(r => r.GetProperty("name").GetString() == "宁安一街").GetProperty("assigned").GetInt32();

    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<(string, string)> RankingAsync(HttpClient client, string period)
    {
        var ranking = await client.GetFromJsonAsync<JsonElement>($"/api/account-matrix/rankings?platform=WeChat&period={period}");
        return (ranking.GetProperty("from").GetString()!, ranking.GetProperty("to").GetString()!);
    }
}
