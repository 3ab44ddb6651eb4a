using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>Notifications between modules are stored with the change that raises them and delivered after its commit:
/// retried until their handlers succeed, each handler once, whatever happens to the host in between.</summary>
public sealed class OutboxTests(PostgresServer postgres)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_handler_that_fails_twice_is_retried_until_it_succeeds_and_the_other_handler_runs_once()
    {
        await using var host = await TestHost.StartAsync(postgres, ["outbox-probe"], ("NetInfo:Outbox:RetrySeconds", "0.2"));

        (await host.Client.PostAsJsonAsync("/api/outbox-probe/raise", new { key = "flaky", count = 1, failTimes = 2, delayMs = 0 }, Ct)).EnsureSuccessStatusCode();
        await host.OutboxDeliveredAsync();

        var runs = await Runs(host.Client, "flaky");
        Assert.Equal(["fail-first", "record"], runs.Select(r => r.GetProperty("handler").GetString()).Order().ToArray());
        Assert.All(runs, r => Assert.True(r.GetProperty("bySystem").GetBoolean()));
        Assert.Equal(3, await host.Client.GetFromJsonAsync<int>("/api/outbox-probe/attempts?key=flaky-0", Ct));
        var (attempts, error) = await Message(host.ConnectionString, "flaky-0");
        Assert.Equal(3, attempts);
        Assert.Null(error);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_becomes_a_dead_letter_an_operator_sees_and_puts_back()
    {
        await using var host = await TestHost.StartAsync(postgres, ["directory", "outbox-probe"],
            ("NetInfo:Outbox:RetrySeconds", "0.1"), ("NetInfo:Outbox:MaxAttempts", "3"));

        (await host.Client.PostAsJsonAsync("/api/outbox-probe/raise", new { key = "dead", count = 1, failTimes = 3, delayMs = 0 }, Ct)).EnsureSuccessStatusCode();
        await host.OutboxDeliveredAsync(); // nothing pending: delivered or given up

        var dead = await host.Client.GetFromJsonAsync<JsonElement>("/api/outbox?state=Dead", Ct);
        var letter = Assert.Single(dead.GetProperty("items").EnumerateArray());
        Assert.Equal("NetInfoSuite.TestPlugins.OutboxProbe.ProbeRaised", letter.GetProperty("type").GetString());
        Assert.Equal(3, letter.GetProperty("attempts").GetInt32());
        Assert.Contains("FailFirst: probe failure for dead-0", letter.GetProperty("lastError").GetString());
        Assert.Equal(["record"], (await Runs(host.Client, "dead")).Select(r => r.GetProperty("handler").GetString()).ToArray());

        var viewer = await host.ClientForAsync(await CityAsync(host), "Auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/outbox?state=Dead", Ct)).StatusCode);

        // The operator's page lists it and puts it back.
        var browser = new CookieClient(host);
        await browser.SubmitForm("/sign-in", "sign-in", ("Input.Login", "admin"), ("Input.Password", TestHost.AdminPassword));
        var page = await (await browser.Get("/outbox")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("未能投递的消息", page);
        Assert.Contains("ProbeRaised", page);
        Assert.Contains("probe failure for dead-0", page);
        var id = letter.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitForm("/outbox", "outbox", ("retry", id.ToString()))).StatusCode);
        await host.OutboxDeliveredAsync();

        Assert.Equal(["fail-first", "record"], (await Runs(host.Client, "dead")).Select(r => r.GetProperty("handler").GetString()).Order().ToArray());
        Assert.Empty((await host.Client.GetFromJsonAsync<JsonElement>("/api/outbox?state=Dead", Ct)).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsync($"/api/outbox/{id}/retry", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Two_instances_relaying_at_once_run_each_handler_once_per_message()
    {
        await using var one = await TestHost.StartAsync(postgres, ["outbox-probe"], ("OutboxProbe:Instance", "one"));
        await using var two = await TestHost.StartOnAsync(one.ConnectionString, ["outbox-probe"], ("OutboxProbe:Instance", "two"));

        // Both instances wake on the same commits and claim from the same rows.
        await Task.WhenAll(
            one.Client.PostAsJsonAsync("/api/outbox-probe/raise", new { key = "pair-a", count = 40, failTimes = 0, delayMs = 20 }, Ct),
            two.Client.PostAsJsonAsync("/api/outbox-probe/raise", new { key = "pair-b", count = 40, failTimes = 0, delayMs = 20 }, Ct));
        await one.OutboxDeliveredAsync();

        var runs = await Runs(one.Client, "pair-");
        Assert.Equal(160, runs.Count); // 80 messages, 2 handlers each
        Assert.All(runs.GroupBy(r => (r.GetProperty("key").GetString(), r.GetProperty("handler").GetString())), g => Assert.Single(g));
        Assert.Equal(["one", "two"], runs.Select(r => r.GetProperty("instance").GetString()).Distinct().Order().ToArray());
    }

    [Fact]
    public async Task A_host_killed_between_the_commit_and_the_delivery_delivers_after_its_restart()
    {
        var database = await postgres.CreateDatabaseAsync();
        var workDir = Directory.CreateTempSubdirectory("netinfo-outbox-").FullName;
        string[] Args(bool relay) => [$"--ConnectionStrings:Marten={database}", $"--NetInfo:PluginsPath={RepoPaths.HostPlugins}",
            $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}", $"--NetInfo:Outbox:Relay={relay}"];
        Guid directive, account;
        // This instance stores but does not relay: it dies with the notice of the issue still in the outbox.
        await using (var doomed = await HostProcess.StartAsync(workDir, Args(relay: false)))
        {
            var admin = doomed.Client;
            await admin.SignInAsync("admin", TestHost.AdminPassword);
            var city = await Created(admin, "/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" });
            var county = await Created(admin, "/api/directory/units", new { code = "231084", name = "宁安市", level = "County", parentId = city });
            var street = await Created(admin, "/api/directory/units", new { code = "231084001", name = "宁安一街", level = "Street", parentId = county });
            var community = await Created(admin, "/api/directory/units", new { code = "231084001001", name = "一街社区", level = "Community", parentId = street });
            // The city office's two admins: one drafts, the other approves.
            var (drafter, approver) = (await CityAdmin(admin, "drafter", city), await CityAdmin(admin, "approver", city));
            await Created(drafter, "/api/grid-dispatch/groups", new
            {
                name = "一街群", kind = "GridGroup", platform = "WeChat", orgUnitId = community, memberCount = 100, operators = Array.Empty<object>(),
            });
            account = await Created(drafter, "/api/account-matrix/accounts", new
            {
                name = "宁安视频号", platform = "WeChatChannels", handle = "ningan", category = "Government", ownerUnitId = county, verified = true,
            });
            foreach (var to in new[] { "Filed", "Active" })
                (await drafter.PostAsJsonAsync($"/api/account-matrix/accounts/{account}/status", new { to }, Ct)).EnsureSuccessStatusCode();
            directive = await Created(drafter, "/api/grid-dispatch/directives", new
            {
                title = "转发：防范电信诈骗", body = "请各账号转发", category = "AntiFraud", urgency = "Urgent", delivery = "Direct",
                target = new { accounts = new[] { account } },
            });
            (await approver.PostAsync($"/api/grid-dispatch/directives/{directive}/approve", null, Ct)).EnsureSuccessStatusCode();
            (await approver.PostAsync($"/api/grid-dispatch/directives/{directive}/issue", null, Ct)).EnsureSuccessStatusCode();

            Assert.Empty((await drafter.GetFromJsonAsync<JsonElement>($"/api/account-matrix/reposts/{directive}", Ct)).EnumerateArray());
            await doomed.KillAsync(); // SIGKILL: no shutdown code runs
        }
        Assert.Equal((0, (string?)null), await Message(database, "DirectiveIssued", delivered: false));

        await using var restarted = await HostProcess.StartAsync(workDir, Args(relay: true));
        await restarted.Client.SignInAsync("drafter", "User#Pass-2026");
        var tasks = new List<JsonElement>();
        for (var i = 0; i < 200 && tasks.Count == 0; i++)
        {
            await Task.Delay(100, Ct);
            tasks = (await restarted.Client.GetFromJsonAsync<JsonElement>($"/api/account-matrix/reposts/{directive}", Ct)).EnumerateArray().ToList();
        }
        Assert.Equal([account], tasks.Select(t => t.GetProperty("accountId").GetGuid()).ToArray());
        await restarted.StopAsync();
        Directory.Delete(workDir, recursive: true);
    }

    private static async Task<HttpClient> CityAdmin(HttpClient admin, string login, Guid city)
    {
        (await admin.PostAsJsonAsync("/api/users", new { login, name = "市管理员", orgUnitId = city, roles = new[] { "CityAdmin" },
            password = "User#Pass-2026", temporary = false }, Ct)).EnsureSuccessStatusCode();
        var client = new HttpClient { BaseAddress = admin.BaseAddress };
        await client.SignInAsync(login, "User#Pass-2026");
        return client;
    }

    private static async Task<Guid> CityAsync(TestHost host) =>
        await Created(host.Client, "/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" });

    private static async Task<Guid> Created(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body, Ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task<List<JsonElement>> Runs(HttpClient client, string key) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/outbox-probe/runs?key={key}", Ct)).EnumerateArray().ToList();

    /// <summary>The attempts and last error of the message whose type or body names <paramref name="text"/>.</summary>
    private static async Task<(int Attempts, string? Error)> Message(string connectionString, string text, bool delivered = true)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand($"""
            select attempts, last_error from platform.outbox
            where (type like '%' || $1 or body::text like '%' || $1 || '%') and (delivered_at is not null) = $2
            """, connection) { Parameters = { new() { Value = text }, new() { Value = delivered } } };
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct), $"no {(delivered ? "delivered" : "pending")} message for {text}");
        return (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
