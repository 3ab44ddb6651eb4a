using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetInfoSuite.Testing;

/// <summary>The inspection module's overdue-findings reminders and compliance's website checks across three instances.</summary>
internal static partial class InstanceCases
{
    /// <summary>逾期提醒 (inspection): findings of tours, due the next day, told once each a month later to the responsible
    /// unit's person and to the inspector who recorded them; A killed, then B and C at once ×3.</summary>
    private static async Task<IReadOnlyList<Row>> FindingsAsync(Rig rig)
    {
        var (tours, perTour) = (rig.Quick ? 10 : 50, 4);
        var db = await rig.NewDatabaseAsync();
        // Without compliance a finding is the module's own rectification item (with it, a compliance case and notice).
        var plugins = rig.Plugins("directory", "inspection");
        var today = DateTimeOffset.UtcNow;
        await using (var seed = await rig.StartHostAsync("findings-seed", db, plugins))
        {
            var world = await World.SeedAsync(await World.ClientAsync(seed, "admin", Rig.AdminPassword), 2, 2, 1);
            var office = await World.ClientAsync(seed, World.CityLogin);
            Guid[] targets = [.. world.Counties, .. world.Streets];
            var tomorrow = DateOnly.FromDateTime(today.UtcDateTime.AddHours(8)).AddDays(1);
            for (var t = 0; t < tours; t++)
            {
                var tour = (await Rig.Json(office.PostAsJsonAsync("/api/inspection/tours", new
                {
                    name = $"多实例巡察{t:00}", from = tomorrow.AddDays(-7), to = tomorrow.AddDays(-1), lead = "试验组长", members = new[] { "试验组员" },
                    targets, keyPoints = new[] { "意识形态责任制落实" },
                }))).GetProperty("id").GetGuid();
                for (var k = 0; k < perTour; k++)
                    await Rig.Json(office.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings", new
                    {
                        problem = $"巡察问题{t:00}-{k}", severity = "Minor", unit = targets[(t + k) % targets.Length], deadline = tomorrow,
                    }));
            }
        }

        var hosts = await StartThreeAsync(rig, "findings", db, plugins, today.AddDays(30));
        bool answered;
        try
        {
            var clients = new List<HttpClient>();
            foreach (var h in hosts) clients.Add(await World.ClientAsync(h, World.CityLogin));
            // The run is one commit (the tours' reminders and their messages): killed at a random moment, all or none of it.
            answered = await KillAThenRaceAsync(rig, hosts[0], i => Rig.Json(clients[i].PostAsync("/api/inspection/tours/remind-overdue", null)));
            await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5));
        }
        finally { await DisposeAllAsync(hosts); }

        // Per finding: marked, its two messages in the outbox, and who was told how often (its unit's one person and the inspector).
        var findings = await Rig.RowsAsync(db, $"""
            select f->>'problem', f->>'overdueNotifiedAt' is not null,
              (select count(*) from platform.outbox o where o.type like '%.Notify' and o.body::text like '%「' || (f->>'problem') || '」%'),
              (select count(*) from {await CrashCases.NotificationsTableAsync(db)} n where n.data->>'kind' = 'inspection-finding-overdue'
                 and n.data->>'bodyZhCn' like '%「' || (f->>'problem') || '」%'),
              (select count(distinct n.data->>'userId') from {await CrashCases.NotificationsTableAsync(db)} n where n.data->>'kind' = 'inspection-finding-overdue'
                 and n.data->>'bodyZhCn' like '%「' || (f->>'problem') || '」%')
            from inspection.mt_doc_tour t cross join lateral jsonb_array_elements(t.data->'findings') f
            """);
        var (marked, messages, told, people) = (findings.Count(f => (bool)f[1]), findings.Sum(f => (long)f[2]), findings.Sum(f => (long)f[3]),
            findings.Sum(f => (long)f[4]));
        var wrong = findings.Count(f => !(bool)f[1] || (long)f[2] != 2 || (long)f[3] != 2 || (long)f[4] != 2);
        var total = tours * perTour;
        var met = findings.Count == total && wrong == 0;
        return [new([$"overdue-findings reminders (inspection): {total} findings of {tours} tours due, A killed {(answered ? "after" : "before")} it answered, " +
                     "then B and C at once ×3", "3 (A killed)",
            $"{marked} of {findings.Count} findings marked; {messages} messages for them; {told} notifications to {people} people (goal 2 each: " +
            $"the unit's person and the inspector); {wrong} finding(s) otherwise", "each finding told once", met ? "yes" : "**no**"], met)];
    }

    /// <summary>Website checks (compliance): the suite serves every site's home page, answering each request after a second
    /// and counting them. A is killed after a random number of its page requests (the checks it claimed in flight); B and C
    /// then run the checks at once until nothing is due, and twice more 20 minutes later. Every active site must be checked
    /// and recorded exactly once in the interval, one A was fetching included; no page fetched twice after A's death.</summary>
    private static async Task<IReadOnlyList<Row>> WebsitesAsync(Rig rig)
    {
        var count = rig.Quick ? 80 : 200;
        await using var server = await PagesServer.StartAsync(TimeSpan.FromSeconds(1));
        var db = await rig.NewDatabaseAsync();
        var plugins = rig.Plugins("directory", "compliance");
        const string privateSites = "--Compliance:Websites:AllowPrivateAddresses=true";
        await using (var seed = await rig.StartHostAsync("websites-seed", db, plugins, privateSites, "--NetInfo:RecurringWork:Off=compliance website checks"))
        {
            var world = await World.SeedAsync(await World.ClientAsync(seed, "admin", Rig.AdminPassword), 2, 2, 1);
            var office = await World.ClientAsync(seed, World.CityLogin);
            Guid[] owners = [.. world.Counties, .. world.Streets];
            for (var i = 0; i < count; i++)
                await Rig.Json(office.PostAsJsonAsync("/api/compliance/websites", new
                {
                    name = $"试验网站{i:000}", address = $"{server.Address}site/{i}/", icpNumber = PagesServer.Icp(i), protectionLevel = 2,
                    owner = owners[i % owners.Length], active = true,
                }));
            await Rig.Json(office.PostAsJsonAsync("/api/compliance/websites", new
            {
                name = "试验停用网站", address = $"{server.Address}site/{count}/", icpNumber = PagesServer.Icp(count), protectionLevel = 2, owner = owners[0], active = false,
            }));
        }

        var at = DateTimeOffset.UtcNow.AddDays(1);
        Task Run(HttpClient client) => Rig.Json(client.PostAsync("/api/compliance/websites/check", null));
        async Task UntilNothingDue(HttpClient b, HttpClient c)
        {
            for (var round = 0; round < 20; round++)
            {
                var runs = await Task.WhenAll(b.PostAsync("/api/compliance/websites/check", null), c.PostAsync("/api/compliance/websites/check", null));
                var found = await Task.WhenAll(runs.Select(r => Rig.Json(Task.FromResult(r))));
                if (found.All(f => f.GetProperty("checked").GetInt32() == 0)) return;
            }
        }
        var killAt = 1 + rig.Random.Next(Math.Min(50, count)); // a run claims at most 50 sites and fetches them at once
        int fetchedByA;
        var hosts = await StartThreeAsync(rig, "websites", db, plugins, at, privateSites);
        try
        {
            var clients = new List<HttpClient>();
            foreach (var h in hosts) clients.Add(await World.ClientAsync(h, World.CityLogin));
            var doomed = Run(clients[0]);
            for (var until = DateTime.UtcNow.AddMinutes(1); server.Total < killAt && !doomed.IsCompleted && DateTime.UtcNow < until;) await Task.Delay(5);
            await hosts[0].KillAsync();
            try { await doomed; } catch (Exception) { }
            fetchedByA = server.Total;
            server.Mark();
            await UntilNothingDue(clients[1], clients[2]);
        }
        finally { await DisposeAllAsync(hosts); }
        // Twenty minutes on: a check A left unrecorded is due again; every other site is not (checked this interval).
        hosts = await StartThreeAsync(rig, "websites-later", db, plugins, at.AddMinutes(20), privateSites);
        try
        {
            var (b, c) = (await World.ClientAsync(hosts[1], World.CityLogin), await World.ClientAsync(hosts[2], World.CityLogin));
            await UntilNothingDue(b, c);
            await Task.WhenAll(Run(b), Run(c));
        }
        finally { await DisposeAllAsync(hosts); }

        var history = (await Rig.RowsAsync(db, """
            select data->>'address', coalesce(jsonb_array_length(data->'history'), 0), (data->>'active')::boolean from compliance.mt_doc_website
            """)).ToDictionary(r => int.Parse(Regex.Match((string)r[0], @"/site/(\d+)/").Groups[1].Value), r => ((int)r[1], (bool)r[2]));
        var (once, never, twice, fetchedAgain, inactive) = (0, 0, 0, 0, 0);
        for (var i = 0; i <= count; i++)
        {
            var (recorded, active) = history[i];
            var (before, after) = server.Requests(i);
            if (!active) { inactive += recorded + before + after; continue; }
            if (recorded == 1) once++;
            else if (recorded == 0) never++;
            else twice++;
            if (after > 1) fetchedAgain++;
        }
        var met = once == count && fetchedAgain == 0 && inactive == 0;
        return [new([$"website checks (compliance): {count} active sites (1 inactive), A killed during its run ({fetchedByA} pages requested), " +
                     "then B and C at once until nothing was due, and 20 min later", "3 (A killed)",
            $"{once} checked and recorded once, {never} never, {twice} more than once; {fetchedAgain} page(s) fetched more than once after A died; " +
            $"the inactive site checked {inactive} times", "each site once per interval", met ? "yes" : "**no**"], met)];
    }

    /// <summary>The websites' home pages, served on 127.0.0.1: /site/N/ shows site N's ICP number after a delay; requests
    /// are counted per site, before and after <see cref="Mark"/>.</summary>
    private sealed class PagesServer : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<int, int> _before = new(), _after = new();
        private WebApplication _app = null!;
        private volatile bool _marked;
        public string Address { get; private set; } = "";
        public int Total => _before.Values.Sum() + _after.Values.Sum();

        public static string Icp(int site) => $"黑ICP备{site + 10_000_000}号";

        public static async Task<PagesServer> StartAsync(TimeSpan delay)
        {
            var server = new PagesServer();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapGet("/site/{site:int}/", async (int site, HttpContext http) =>
            {
                (server._marked ? server._after : server._before).AddOrUpdate(site, 1, (_, n) => n + 1);
                await Task.Delay(delay, http.RequestAborted);
                return Results.Content($"<html><body><h1>试验网站{site}</h1><footer>{Icp(site)}</footer></body></html>", "text/html; charset=utf-8");
            });
            await app.StartAsync();
            (server._app, server.Address) = (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
            return server;
        }

        /// <summary>From now on requests count as "after".</summary>
        public void Mark() => _marked = true;

        public (int Before, int After) Requests(int site) => (_before.GetValueOrDefault(site), _after.GetValueOrDefault(site));

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
