using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using NetInfoSuite.Testing;

/// <summary>Issue 20, item 3: three host instances on one database. A module switched off on one is off on all within 5 s;
/// the scheduled jobs (督办 steps, overdue notices, scheduled publishing, dormant-account warnings) and outbox delivery,
/// one instance killed in the middle and the others sent the same work at once, happen exactly once.</summary>
internal static partial class InstanceCases
{
    /// <summary>The jobs --only may name one by one (e.g. --only publishing,dormant); "instances" runs them all.</summary>
    public static readonly string[] Jobs = ["supervision", "delivery", "publishing", "dormant", "findings", "websites"];

    public static async Task<Section> RunAsync(Rig rig)
    {
        var jobs = new (string Id, Func<Rig, Task<IReadOnlyList<Row>>> Run)[]
        {
            ("supervision", SupervisionAsync), ("delivery", DeliveryAsync), ("publishing", PublishingAsync), ("dormant", DormantAsync),
            ("findings", FindingsAsync), ("websites", WebsitesAsync),
        };
        var named = jobs.Where(j => rig.Only.Contains(j.Id)).ToList();
        var rows = new List<Row>();
        foreach (var (id, run) in named.Count > 0 ? named : [.. jobs])
        {
            try { rows.AddRange(await run(rig)); }
            catch (Exception ex) // this job could not be judged: a missed goal; the others still run
            {
                Console.Error.WriteLine($"reliability: instances {id} failed: {ex}");
                rows.Add(new([$"{id}: stopped with an error", "3", ex.GetType().Name + ": " + ex.Message.ReplaceLineEndings(" ").Replace("|", "\\|"), "—", "**no**"], false));
            }
        }
        var (groups, notices) = (rig.Quick ? 1_000 : 10_000, rig.Quick ? 30 : 300);
        return new Section("Several instances on one database", $"""
            Three host processes on one database. The module switch (directory, grid-dispatch, compliance): a system administrator
            switches grid-dispatch off for one county on instance A; the county's administrator polls it on B and C until both
            answer 404, then on again until both answer 200. The scheduled jobs are driven by the requests their scheduled work
            sends, on instances whose clock is stopped at the moment the work is due: 督办 and overdue notices (a directive to
            {groups:N0} groups and {notices} notices due the next day, the instances started 30 days later), scheduled publishing
            (approved pieces scheduled for the next day, half on a platform the test connector sends to and half waiting for a
            person; instances started an hour after it, A killed after a random number of its claims, then, as the 15 minutes after
            which a claim counts as interrupted have passed, twice more on two instances) and dormant-account warnings (accounts
            with no post, two Mondays), the inspection module's overdue-findings reminders (tours' findings due the next day, the
            instances started 30 days later) and compliance's website checks (sites served by the suite, each page answered after
            a second; A killed after a random number of its page requests, then B and C until nothing is due, and twice more
            20 minutes later). Instance A is sent the job and killed at a random moment; then B and C are sent it at once,
            three times. Outbox delivery: A raises a batch of messages that all three instances' relays deliver, and A is killed
            after a random number of handler runs. Every step, piece, warning and handler run must happen, and be told, exactly once.
            """, ["what", "instances", "found", "goal", "met"], rows);
    }

    /// <summary>Starts the job on A and kills A when <paramref name="progressSql"/> (a count the job raises as it goes)
    /// reaches <paramref name="at"/>, or when A answered: whether A answered before the kill.</summary>
    private static async Task<bool> KillMidJobAsync(HostProcess a, Task job, string db, string progressSql, long at)
    {
        while (!job.IsCompleted && await Rig.ScalarAsync<long>(db, progressSql) < at) await Task.Delay(5);
        var answered = job.IsCompletedSuccessfully;
        await a.KillAsync();
        try { await job; } catch (Exception) { } // cut off by the kill
        return answered;
    }

    /// <summary>Sends the job to A (<c>job(0)</c>) and kills A at a random moment of its first few hundred milliseconds;
    /// then B and C are sent it at once, <paramref name="rounds"/> times. Whether A answered before the kill.</summary>
    private static async Task<bool> KillAThenRaceAsync(Rig rig, HostProcess a, Func<int, Task> job, int rounds = 3)
    {
        var doomed = job(0);
        await Task.WhenAny(doomed, Task.Delay(rig.Moment(TimeSpan.FromMilliseconds(rig.Quick ? 300 : 1_000))));
        var answered = doomed.IsCompletedSuccessfully;
        await a.KillAsync();
        try { await doomed; } catch (Exception) { } // cut off by the kill
        for (var round = 0; round < rounds; round++) await Task.WhenAll(job(1), job(2));
        return answered;
    }

    private static async Task<HostProcess[]> StartThreeAsync(Rig rig, string name, string db, string plugins, DateTimeOffset? now, params string[] more)
    {
        var hosts = new HostProcess[3];
        for (var i = 0; i < 3; i++) hosts[i] = await rig.StartHostAsync($"{name}-{"abc"[i]}", db, plugins, now, [.. more, $"--OutboxProbe:Instance={"ABC"[i]}"]);
        return hosts;
    }

    private static async Task DisposeAllAsync(IEnumerable<HostProcess?> hosts)
    {
        foreach (var h in hosts) if (h is not null) await h.DisposeAsync();
    }

    /// <summary>The module switch, 督办 steps and overdue rectification notices.</summary>
    private static async Task<IReadOnlyList<Row>> SupervisionAsync(Rig rig)
    {
        var groups = rig.Quick ? 1_000 : 10_000;
        var notices = rig.Quick ? 30 : 300;
        var db = await rig.NewDatabaseAsync();
        var plugins = rig.Plugins("directory", "grid-dispatch", "compliance");
        var rows = new List<Row>();
        World world;
        var today = DateTimeOffset.UtcNow;

        // Today, on the real clock: the city, a directive's tasks, notices due tomorrow; the module switch.
        {
            await using var a = await rig.StartHostAsync("inst-a", db, plugins);
            await using var b = await rig.StartHostAsync("inst-b", db, plugins);
            await using var c = await rig.StartHostAsync("inst-c", db, plugins);
            var admin = new HttpClient { BaseAddress = a.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
            await admin.SignInAsync("admin", Rig.AdminPassword);
            world = await World.SeedAsync(admin, 2, 2, 2);
            var office = await World.ClientAsync(a, World.CityLogin);
            await Rig.Json(World.ImportAsync(office, world.GroupsWorkbook(groups, "多实例")));
            var directive = await World.DraftAsync(office, "多实例 督办", "Direct");
            await Rig.Json(office.PostAsync($"/api/grid-dispatch/directives/{directive}/issue", null));
            var tomorrow = DateOnly.FromDateTime(today.UtcDateTime.AddHours(8)).AddDays(1);
            for (var i = 0; i < notices; i++)
                await Rig.Json(office.PostAsJsonAsync("/api/compliance/notices", new
                {
                    recipient = world.Counties[i % 2], subject = $"多实例 逾期 {i}", problems = "问题", requirements = "要求", deadline = tomorrow, cases = Array.Empty<Guid>(),
                }));

            var (off, on) = (await SwitchAsync(admin, [b, c], world.CountyCodes[0], false), await SwitchAsync(admin, [b, c], world.CountyCodes[0], true));
            rows.Add(new(["grid-dispatch switched off for a county on instance A: off on B and C", "3",
                $"off after {off:0.0} s, on again after {on:0.0} s", "≤ 5 s", off <= 5 && on <= 5 ? "yes" : "**no**"], off <= 5 && on <= 5));
        }

        // A month later, on stopped clocks: every step and notice is due. A starts both jobs and is killed mid-way; then all
        // three instances run them at once, three times.
        var later = today.AddDays(30);
        var hosts = new HostProcess?[3];
        try
        {
            for (var i = 0; i < 3; i++) hosts[i] = await rig.StartHostAsync($"inst-{i}", db, plugins, later);
            var clients = new List<(HttpClient Admin, HttpClient City)>();
            foreach (var h in hosts)
                clients.Add((await World.ClientAsync(h!, "admin", Rig.AdminPassword), await World.ClientAsync(h!, World.CityLogin)));
            Task Jobs(int i) => Task.WhenAll(
                clients[i].Admin.PostAsync("/api/grid-dispatch/supervision/run", null).ContinueWith(t => t.Result.EnsureSuccessStatusCode()),
                clients[i].City.PostAsync("/api/compliance/notices/escalate", null).ContinueWith(t => t.Result.EnsureSuccessStatusCode()));

            var doomed = Jobs(0);
            await Task.WhenAny(doomed, Task.Delay(rig.Moment(TimeSpan.FromMilliseconds(rig.Quick ? 300 : 1_000))));
            var killedBeforeAnswer = !doomed.IsCompleted;
            await hosts[0]!.KillAsync();
            try { await doomed; } catch (Exception) { }
            for (var round = 0; round < 3; round++) await Task.WhenAll(Jobs(1), Jobs(2));
            await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5));

            var tasks = await Rig.ScalarAsync<long>(db, "select count(*) from grid_dispatch.tasks");
            var steps = await Rig.ScalarAsync<long>(db, "select count(*) from grid_dispatch.supervision_log where by_login is not null");
            var stepKinds = await Rig.ScalarAsync<long>(db, "select count(distinct step) from grid_dispatch.supervision_log");
            var overdueTold = await Rig.RowsAsync(db, """
                select count(*), count(distinct body->>'taskId') from platform.outbox where type like '%.TaskOverdue'
                """);
            var sameNotice = await Rig.ScalarAsync<long>(db, """
                select coalesce(sum(n - 1), 0)::bigint from (select count(*) as n from platform.outbox where type like '%.Notify' group by md5(body::text)) x where n > 1
                """);
            var (told, toldTasks) = ((long)overdueTold[0][0], (long)overdueTold[0][1]);
            var supervisionMet = steps == tasks * stepKinds && stepKinds == 4 && told == tasks && toldTasks == tasks && sameNotice == 0;
            rows.Add(new([$"督办: every step of {tasks:N0} overdue tasks, A killed {(killedBeforeAnswer ? "before it answered" : "after it answered")}, then B and C at once ×3",
                "3 (A killed)", $"{steps:N0} steps for {tasks:N0} tasks × {stepKinds} steps; overdue told {told:N0} times for {toldTasks:N0} tasks; " +
                $"{sameNotice} notice(s) sent twice", "each step once", supervisionMet ? "yes" : "**no**"], supervisionMet));

            var escalated = await Rig.RowsAsync(db, """
                select (select count(*) from compliance.notice_escalations), (select count(*) from platform.outbox where type like '%.NoticeOverdue'),
                  (select count(distinct body->>'noticeId') from platform.outbox where type like '%.NoticeOverdue'),
                  (select count(*) from compliance.mt_doc_notice where data->>'overdueNotifiedAt' is not null)
                """);
            var (claims, overdueMessages, overdueNotices, marked) = ((long)escalated[0][0], (long)escalated[0][1], (long)escalated[0][2], (long)escalated[0][3]);
            var noticesMet = claims == notices && overdueMessages == notices && overdueNotices == notices && marked == notices;
            rows.Add(new([$"overdue rectification notices: {notices} due, A killed, then B and C at once ×3", "3 (A killed)",
                $"{claims} claimed, {overdueMessages} overdue messages for {overdueNotices} notices, {marked} marked", "each notice once",
                noticesMet ? "yes" : "**no**"], noticesMet));
        }
        finally
        {
            foreach (var h in hosts) if (h is not null) await h.DisposeAsync();
        }

        return rows;
    }

    /// <summary>Outbox delivery by three relays at once, A killed after a random number of handler runs: every message
    /// reaches each of its two handlers exactly once, a message A was in the middle of included.</summary>
    private static async Task<IReadOnlyList<Row>> DeliveryAsync(Rig rig)
    {
        var messages = rig.Quick ? 600 : 3_000;
        var db = await rig.NewDatabaseAsync();
        var hosts = await StartThreeAsync(rig, "delivery", db, rig.Plugins("outbox-probe"), null);
        try
        {
            var admin = await World.ClientAsync(hosts[0], "admin", Rig.AdminPassword);
            // Killed after a random number of its own handler runs, so that it dies while delivering: early enough that A
            // gets there with room to spare (a bound at A's whole fair third failed CI when A's share fell a little short).
            var killAt = 1 + rig.Random.Next(messages / 6);
            // The batch commits with its messages; every relay is woken by the commit and takes one message at a time.
            await Rig.Json(admin.PostAsJsonAsync("/api/outbox-probe/raise", new { key = "inst", count = messages, failTimes = 0, delayMs = 5 }));
            var until = DateTime.UtcNow.AddMinutes(1);
            while (await Rig.ScalarAsync<long>(db, "select count(*) from outbox_probe.mt_doc_proberun where data->>'instance' = 'A'") < killAt)
            {
                if (DateTime.UtcNow > until || await Rig.ScalarAsync<long>(db, "select count(*) from outbox_probe.mt_doc_proberun") == 2 * messages)
                    throw new InvalidOperationException($"instance A ran fewer than {killAt} handlers: {hosts[0].Output[^Math.Min(3000, hosts[0].Output.Length)..]}");
                await Task.Delay(5);
            }
            await hosts[0].KillAsync();
            var dead = await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5));
            var runs = await Rig.RowsAsync(db, "select data->>'key', data->>'handler', count(*) from outbox_probe.mt_doc_proberun group by 1, 2");
            var byInstance = (await Rig.RowsAsync(db, "select data->>'instance', count(*) from outbox_probe.mt_doc_proberun group by 1 order by 1"))
                .Select(r => $"{r[0]} {r[1]:N0}");
            // Messages whose two handlers ran on different instances: A died between them, another finished the message.
            var finishedByOthers = await Rig.ScalarAsync<long>(db, """
                select count(*) from (select data->>'key' from outbox_probe.mt_doc_proberun group by 1 having count(distinct data->>'instance') > 1) x
                """);
            var (repeated, missing) = (runs.Sum(r => (long)r[2] - 1), 2L * messages - runs.Count);
            var met = repeated == 0 && missing == 0 && dead == 0;
            return [new([$"outbox delivery: {messages:N0} messages to 2 handlers each by three relays, A killed after {killAt:N0} of its handler runs", "3 (A killed)",
                $"{runs.Count:N0} of {2 * messages:N0} handler runs, {repeated} repeated, {dead} dead; runs by instance: {string.Join(", ", byInstance)}; " +
                $"{finishedByOthers} message(s) begun on one instance and finished on another", "each message once per handler", met ? "yes" : "**no**"], met)];
        }
        finally { await DisposeAllAsync(hosts); }
    }

    /// <summary>Scheduled publishing (account-matrix): pieces approved and scheduled, sent when due by three instances, A
    /// killed after a random number of its claims. Each piece goes out once (the test connector writes down every send) or
    /// waits for a person, told once; a piece A had claimed when it died fails for people to check, never goes twice.</summary>
    private static async Task<IReadOnlyList<Row>> PublishingAsync(Rig rig)
    {
        var (pieces, perPiece) = (rig.Quick ? 20 : 100, 4);
        var db = await rig.NewDatabaseAsync();
        var plugins = rig.Plugins("directory", "account-matrix", "test-connector");
        var due = DateTimeOffset.UtcNow.AddDays(1);
        var accounts = new List<(Guid Id, string Name)>();
        await using (var seed = await rig.StartHostAsync("publishing-seed", db, plugins))
        {
            var admin = await World.ClientAsync(seed, "admin", Rig.AdminPassword);
            var world = await World.SeedAsync(admin, 2, 2, 1);
            await Rig.Json(admin.PostAsJsonAsync("/api/users", new
            {
                login = "rel-city-review", name = "可靠性审核", orgUnitId = world.City, roles = new[] { "Reviewer" }, password = Rig.UserPassword, temporary = false,
            }));
            var office = await World.ClientAsync(seed, World.CityLogin);
            var reviewer = await World.ClientAsync(seed, "rel-city-review");
            Guid[] owners = [.. world.Counties, .. world.Streets];
            // Half on Bilibili (the test connector sends), half on Weibo (no connector: a person posts it).
            for (var i = 0; i < pieces * 2; i++)
            {
                var name = $"定时发布{(i % 2 == 0 ? "B站" : "微博")}号{i:000}";
                accounts.Add((await World.AccountAsync(office, name, i % 2 == 0 ? "Bilibili" : "Weibo", $"pub{i:000}", owners[i % owners.Length]), name));
            }
            for (var p = 0; p < pieces; p++)
            {
                var targets = Enumerable.Range(0, perPiece).Select(k => accounts[(p * perPiece + k) % accounts.Count].Id).ToArray();
                var id = (await Rig.Json(office.PostAsJsonAsync("/api/account-matrix/publications", new
                {
                    title = $"定时发布 第{p}篇", body = "可靠性试验稿件", links = Array.Empty<string>(), media = Array.Empty<string>(), accounts = targets,
                }))).GetProperty("id").GetGuid();
                await Rig.Json(office.PostAsync($"/api/account-matrix/publications/{id}/submit", null));
                await Rig.Json(reviewer.PostAsync($"/api/account-matrix/publications/{id}/approve-all", null));
                foreach (var account in targets)
                    await Rig.Json(office.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/schedule", new { at = due }));
            }
        }

        var total = pieces * perPiece;
        var killAt = 1 + rig.Random.Next(total - 1);
        Task Run(HttpClient client) => client.PostAsync("/api/account-matrix/publishing/run", null).ContinueWith(t => t.Result.EnsureSuccessStatusCode());
        var hosts = await StartThreeAsync(rig, "publishing", db, plugins, due.AddHours(1));
        bool answered;
        try
        {
            var clients = new List<HttpClient>();
            foreach (var h in hosts) clients.Add(await World.ClientAsync(h, World.CityLogin));
            answered = await KillMidJobAsync(hosts[0], Run(clients[0]), db, "select count(*) from account_matrix.publish_claims", killAt);
            for (var round = 0; round < 3; round++) await Task.WhenAll(Run(clients[1]), Run(clients[2]));
            await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5));
        }
        finally { await DisposeAllAsync(hosts); }
        // Twenty minutes on: a claim A left unrecorded counts as interrupted.
        hosts = await StartThreeAsync(rig, "publishing-later", db, plugins, due.AddHours(1).AddMinutes(20));
        try
        {
            var (b, c) = (await World.ClientAsync(hosts[1], World.CityLogin), await World.ClientAsync(hosts[2], World.CityLogin));
            for (var round = 0; round < 2; round++) await Task.WhenAll(Run(b), Run(c));
            await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5));
        }
        finally { await DisposeAllAsync(hosts); }

        var targetsFound = await Rig.RowsAsync(db, $"""
            select t->>'status', coalesce(t->>'failureReason', ''),
              (select count(*) from test_connector.mt_doc_connectorsend s where s.data->>'publicationId' = p.id::text and s.data->>'accountId' = t->>'accountId'),
              (select count(*) from {await CrashCases.NotificationsTableAsync(db)} n where n.data->>'kind' = 'account-matrix.awaiting-manual'
                 and n.data->>'link' = '/account-matrix/publishing/' || p.id::text and n.data->>'bodyZhCn' like '%“' || (t->>'accountName') || '”%')
            from account_matrix.mt_doc_publication p, jsonb_array_elements(p.data->'targets') t
            """);
        var (published, manual, interrupted, sentTwice, toldTwice, untold, other) = (0, 0, 0, 0, 0, 0, 0);
        var others = new List<string>();
        foreach (var t in targetsFound)
        {
            var (status, reason, sent, told) = ((string)t[0], (string)t[1], (long)t[2], (long)t[3]);
            if (sent > 1) sentTwice++;
            if (told > 1) toldTwice++;
            if (status == "Published" && sent == 1 && told == 0) published++;
            else if (status == "AwaitingManual" && sent == 0) { manual++; if (told == 0) untold++; }
            else if (status == "Failed" && reason.Contains("发送中断") && told == 0) interrupted++;
            else { other++; others.Add($"{status} sent {sent} told {told} {reason}".Trim()); }
        }
        foreach (var o in others) Console.Error.WriteLine($"reliability: scheduled publishing: a piece found {o}");
        // A sends one piece at a time: at most one claim of its can be left unrecorded by its death.
        var met = targetsFound.Count == total && sentTwice == 0 && toldTwice == 0 && untold == 0 && other == 0 && interrupted <= 1;
        return [new([$"scheduled publishing: {total} pieces (publication × account) due, A killed after {killAt} claims ({(answered ? "after" : "before")} it answered), " +
                     "then B and C at once ×3, and 20 min later ×2", "3 (A killed)",
            $"{published} sent once and published, {manual} awaiting a person and told once, {interrupted} claimed by A when it died and failed for people to check; " +
            $"{sentTwice} sent twice, {toldTwice} told twice, {untold} untold, {other} in any other state" +
            string.Concat(others.Distinct().Select(o => $" ({o})")), "each piece once", met ? "yes" : "**no**"], met)];
    }

    /// <summary>Dormant-account warnings (account-matrix) on two Mondays: each owner unit is told once a week, each dormant
    /// account named once a week, an account not active never.</summary>
    private static async Task<IReadOnlyList<Row>> DormantAsync(Rig rig)
    {
        var count = rig.Quick ? 40 : 200;
        var db = await rig.NewDatabaseAsync();
        var plugins = rig.Plugins("directory", "account-matrix");
        var accounts = new List<(string Name, bool Active)>();
        int units;
        await using (var seed = await rig.StartHostAsync("dormant-seed", db, plugins))
        {
            var admin = await World.ClientAsync(seed, "admin", Rig.AdminPassword);
            var world = await World.SeedAsync(admin, 2, 2, 1);
            var office = await World.ClientAsync(seed, World.CityLogin);
            Guid[] owners = [.. world.Counties, .. world.Streets];
            units = owners.Length;
            // None has posted: every active one is dormant. Every fifth is only filed, not active: never warned.
            for (var i = 0; i < count; i++)
            {
                accounts.Add(($"休眠号{i:000}", i % 5 != 4));
                await World.AccountAsync(office, accounts[^1].Name, "Weibo", $"sleep{i:000}", owners[i % owners.Length], accounts[^1].Active);
            }
        }

        // A Monday at 10:00 in Beijing at least 15 days on (past the 14-day rule), and the Monday after.
        var monday = DateTimeOffset.UtcNow.AddDays(15).Date;
        while (monday.DayOfWeek != DayOfWeek.Monday) monday = monday.AddDays(1);
        var first = new DateTimeOffset(monday.AddHours(2), TimeSpan.Zero);
        Task Run(HttpClient admin) => admin.PostAsync("/api/account-matrix/dormant/warnings/run", null).ContinueWith(t => t.Result.EnsureSuccessStatusCode());
        var hosts = await StartThreeAsync(rig, "dormant", db, plugins, first);
        bool answered;
        try
        {
            var clients = new List<HttpClient>();
            foreach (var h in hosts) clients.Add(await World.ClientAsync(h, "admin", Rig.AdminPassword));
            // The run is one commit (claims and notices): killed at a random moment, it is all there or none of it.
            answered = await KillAThenRaceAsync(rig, hosts[0], i => Run(clients[i]));
            await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5));
        }
        finally { await DisposeAllAsync(hosts); }
        hosts = await StartThreeAsync(rig, "dormant-next", db, plugins, first.AddDays(7));
        try
        {
            var (b, c) = (await World.ClientAsync(hosts[1], "admin", Rig.AdminPassword), await World.ClientAsync(hosts[2], "admin", Rig.AdminPassword));
            for (var round = 0; round < 2; round++) await Task.WhenAll(Run(b), Run(c));
            await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5));
        }
        finally { await DisposeAllAsync(hosts); }

        var notifications = await CrashCases.NotificationsTableAsync(db);
        var claims = await Rig.ScalarAsync<long>(db, "select count(*) from account_matrix.dormant_warnings");
        var bodies = (await Rig.RowsAsync(db, $"select data->>'bodyZhCn' from {notifications} where data->>'kind' = 'account-matrix.dormant'"))
            .Select(r => (string)r[0]).ToList();
        // Each unit's one user hears once a week: a repeat is the same user told twice on one day.
        var twice = await Rig.ScalarAsync<long>(db, $"""
            select coalesce(sum(n - 1), 0)::bigint from (select count(*) as n from {notifications} where data->>'kind' = 'account-matrix.dormant'
              group by data->>'userId', left(data->>'createdAt', 10)) x
            """);
        var named = accounts.Select(a => (a.Active, Times: bodies.Count(b => b.Contains(a.Name + "（")))).ToList();
        var (dormant, notActive) = (named.Where(n => n.Active).ToList(), named.Where(n => !n.Active).ToList());
        var (least, most) = (dormant.Min(n => n.Times), dormant.Max(n => n.Times));
        var wrongly = notActive.Sum(n => n.Times);
        var met = claims == 2 * units && least == 2 && most == 2 && wrongly == 0 && twice == 0 && bodies.Count == 2 * units;
        return [new([$"dormant-account warnings: {dormant.Count} dormant accounts of {units} units ({notActive.Count} more not active), two Mondays; " +
                     $"A killed {(answered ? "after" : "before")} it answered, then B and C at once ×3; the next Monday ×2", "3 (A killed)",
            $"{claims} unit-weeks claimed for {units} units × 2 weeks; {bodies.Count} warnings; each dormant account named {least}–{most} times (goal 2); " +
            $"accounts not active named {wrongly} times; {twice} told twice in a week", "each account once a week", met ? "yes" : "**no**"], met)];
    }

    /// <summary>Switches grid-dispatch for the county on the first instance's admin; seconds until every other instance agrees.</summary>
    private static async Task<double> SwitchAsync(HttpClient admin, HostProcess[] others, string county, bool enabled)
    {
        var clients = new List<HttpClient>();
        foreach (var h in others) clients.Add(await World.ClientAsync(h, "rel-county-0"));
        await Rig.Json(admin.PutAsJsonAsync("/api/tenancy/modules/grid-dispatch", new { enabled, tenant = county }));
        var started = Stopwatch.StartNew();
        var want = enabled ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            var answers = await Task.WhenAll(clients.Select(c => c.GetAsync("/api/grid-dispatch/directives")));
            if (answers.All(r => r.StatusCode == want)) return started.Elapsed.TotalSeconds;
            await Task.Delay(50);
        }
        return double.PositiveInfinity;
    }
}
