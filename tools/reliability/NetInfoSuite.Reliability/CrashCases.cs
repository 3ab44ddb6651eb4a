using System.Collections.Concurrent;
using System.Net.Http.Json;
using MiniExcelLibs;
using NetInfoSuite.Testing;

/// <summary>Issue 20, item 1: the host SIGKILLed at random moments during the operations that must never be half done.
/// After each restart the operation is judged from the database: complete, absent, or half.</summary>
internal static partial class CrashCases
{
    public static async Task<Section> RunAsync(Rig rig)
    {
        var kills = rig.Kills;
        var rows = new List<Row>();
        var operations = new (string Id, Func<Rig, int, Task<Tally>> Run)[]
        {
            ("fan-out", FanOutAsync), ("notices", NoticesAsync), ("outbox", OutboxAsync), ("relay", RelayAsync), ("import", ImportAsync), ("ranking", RankingAsync),
            ("survey", SurveyImportAsync), ("results", ResultsAsync), ("bulletin", BulletinAsync), ("votes", VotesAsync), ("erase", EraseAsync),
        };
        // --only may name single operations (e.g. --only relay), else all of them run.
        var named = operations.Where(o => rig.Only.Contains(o.Id)).ToList();
        foreach (var (_, run) in named.Count > 0 ? named : [.. operations])
        {
            Tally tally;
            try { tally = await run(rig, kills); }
            catch (Exception ex) // this operation could not be judged: a missed goal; the others still run
            {
                Console.Error.WriteLine($"reliability: {run.Method.Name} failed: {ex}");
                tally = new Tally(run.Method.Name.Replace("Async", "") + " (stopped with an error)");
                tally.Finding(ex.Message);
            }
            foreach (var f in tally.Findings) Console.Error.WriteLine($"reliability: {tally.Operation}: {f}");
            rows.Add(tally.Row());
        }
        return new Section("Crash safety: the host killed with SIGKILL mid-operation", $"""
            Each operation runs against the host as its own process (Debug or Release as built, plugins loaded from disk) on a durable
            embedded PostgreSQL. Its duration is measured once; then {kills} times it is started again and the host is SIGKILLed at a
            random moment within 1.5 × that duration (random seed {rig.Seed}), started again on the same database, and the operation is
            judged from the rows: **complete** (all of it, with its outbox messages), **absent** (none of it) or **half** (anything
            else). An operation the client saw succeed before the kill must be complete. An absent one is done again and must then
            come out whole (duplicates and number gaps are counted across all rounds).
            """, Tally.Columns, rows);
    }

    private static string[] HostPlugins => ["directory", "grid-dispatch", "compliance", "account-matrix"];

    /// <summary>A city-wide directive issued to every grid group: tasks, rollup rows and the outbox message in one commit.</summary>
    private static async Task<Tally> FanOutAsync(Rig rig, int kills)
    {
        var groups = rig.Quick ? 2_000 : 100_000;
        var tally = new Tally($"city-wide fan-out to {groups:N0} groups");
        var (db, loop, world) = await StartWorldAsync(rig, "fan-out", 2, rig.Quick ? 2 : 5, rig.Quick ? 2 : 10);
        await using var owned = loop;
        var office = await World.ClientAsync(loop.Host, World.CityLogin);
        await Rig.Json(World.ImportAsync(office, world.GroupsWorkbook(groups, "扇出")));

        var first = await World.DraftAsync(office, "扇出 基准", "Direct");
        var span = await KillLoop.TimeAsync(() => Rig.Json(office.PostAsync($"/api/grid-dispatch/directives/{first}/issue", null))) * 1.5;
        for (var round = 0; round < kills; round++)
        {
            office = await World.ClientAsync(loop.Host, World.CityLogin);
            var id = await World.DraftAsync(office, $"扇出 第{round}轮", "Direct");
            var client = office;
            var acknowledged = await loop.KillDuringAsync(() => Rig.Json(client.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null)), span);
            tally.Killed++;
            var (outcome, detail) = await FanOutStateAsync(db, id, groups);
            tally.Add(outcome, acknowledged, $"round {round}: {detail}");
            if (outcome == Outcome.Absent)
            {
                office = await World.ClientAsync(loop.Host, World.CityLogin);
                await Rig.Json(office.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null));
                var (again, state) = await FanOutStateAsync(db, id, groups);
                if (again != Outcome.Complete) tally.Finding($"round {round}, issued again: {state}");
            }
        }
        tally.Duplicates = (int)await Rig.ScalarAsync<long>(db, """
            select count(*) - count(distinct (directive_id, group_id)) from grid_dispatch.tasks
            """);
        return tally;
    }

    private static async Task<(Outcome, string)> FanOutStateAsync(string db, Guid id, int groups)
    {
        var row = (await Rig.RowsAsync(db, """
            select d.data->>'status',
              (select count(*) from grid_dispatch.tasks t where t.directive_id = $1),
              (select count(*) from grid_dispatch.relays r where r.directive_id = $1),
              (select count(*) from platform.outbox o where o.body::text like '%' || $1::text || '%')
            from grid_dispatch.mt_doc_directive d where d.id = $1
            """, id)).Single();
        var (status, tasks, relays, messages) = ((string)row[0], (long)row[1], (long)row[2], (long)row[3]);
        var detail = $"status {status}, {tasks} tasks, {relays} rollup rows, {messages} outbox message(s)";
        if (status == "Issued" && tasks == groups && relays > 0 && messages >= 1) return (Outcome.Complete, detail);
        if (status == "Approved" && tasks == 0 && relays == 0 && messages == 0) return (Outcome.Absent, detail);
        return (Outcome.Half, detail);
    }

    /// <summary>A burst of 20 rectification notices at once: each has its number, its cases' change and its outbox message, or
    /// nothing; the numbers of a tenant's year run 1…n without a gap or a repeat.</summary>
    private static async Task<Tally> NoticesAsync(Rig rig, int kills)
    {
        const int burst = 20;
        var tally = new Tally($"burst of {burst} parallel rectification notices");
        var (db, loop, world) = await StartWorldAsync(rig, "notices", 2, 1, 1);
        await using var owned = loop;
        var deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(10); // ten office days ahead, in Beijing's calendar
        Func<Task> Burst(HttpClient office, string round, ConcurrentBag<int> acknowledged) => () => Task.WhenAll(Enumerable.Range(0, burst).Select(async k =>
        {
            await Rig.Json(office.PostAsJsonAsync("/api/compliance/notices", new
            {
                recipient = world.Counties[k % world.Counties.Length], subject = $"整改 {round} 第{k}份", problems = "首页存在违规内容",
                requirements = "立即删除并报告", deadline, cases = Array.Empty<Guid>(),
            }));
            acknowledged.Add(k);
        }));

        var office = await World.ClientAsync(loop.Host, World.CityLogin);
        var span = await KillLoop.TimeAsync(Burst(office, "基准", [])) * 1.5;
        for (var round = 0; round < kills; round++)
        {
            office = await World.ClientAsync(loop.Host, World.CityLogin);
            var acked = new ConcurrentBag<int>();
            await loop.KillDuringAsync(Burst(office, $"第{round}轮", acked), span);
            tally.Killed++;
            var found = await Rig.RowsAsync(db, """
                select subject, count(*), bool_and(told) from (
                  select n.data->>'subject' as subject,
                    exists (select 1 from platform.outbox o where o.body::text like '%' || (n.data->>'number') || '%') as told
                  from compliance.mt_doc_notice n where n.data->>'subject' like $1) x
                group by 1
                """, $"整改 第{round}轮 %");
            var bySubject = found.ToDictionary(r => (string)r[0], r => ((long)r[1], (bool)r[2]));
            for (var k = 0; k < burst; k++)
            {
                var (count, withMessage) = bySubject.GetValueOrDefault($"整改 第{round}轮 第{k}份");
                if (count > 1) tally.Duplicates += (int)count - 1;
                var outcome = count == 0 ? Outcome.Absent : withMessage ? Outcome.Complete : Outcome.Half;
                tally.Add(outcome, acked.Contains(k), $"round {round}, notice {k}: {count} stored, outbox message {withMessage}");
            }
        }
        // Numbers: per tenant and year 1…n with n the counter; the next notice takes n + 1.
        office = await World.ClientAsync(loop.Host, World.CityLogin);
        var next = await Rig.Json(office.PostAsJsonAsync("/api/compliance/notices", new
        {
            recipient = world.Counties[0], subject = "整改 收尾", problems = "收尾", requirements = "收尾", deadline, cases = Array.Empty<Guid>(),
        }));
        foreach (var r in await Rig.RowsAsync(db, """
            select x.tenant, x.year, x.notices, x.sequences, x.highest, x.numbers, c.last from (
              select data->>'tenant' as tenant, (data->>'year')::int as year, count(*) as notices, count(distinct (data->>'sequence')::int) as sequences,
                max((data->>'sequence')::int) as highest, count(distinct data->>'number') as numbers
              from compliance.mt_doc_notice group by 1, 2) x
            left join compliance.notice_numbers c on c.tenant = x.tenant and c.year = x.year
            """))
        {
            var (count, distinct, max, numbers, last) = ((long)r[2], (long)r[3], (int)r[4], (long)r[5], (int)r[6]);
            tally.Duplicates += (int)(count - distinct) + (int)(count - numbers);
            tally.Gaps += max - (int)distinct + (last - max);
        }
        var after = (await Rig.RowsAsync(db, """
            select (data->>'sequence')::int, (select count(*) from compliance.mt_doc_notice n where n.data->>'tenant' = d.data->>'tenant')
            from compliance.mt_doc_notice d where id = $1
            """, next.GetProperty("id").GetGuid())).Single();
        if ((int)after[0] != (long)after[1]) tally.Finding($"the notice after the kills got number {after[0]} of its tenant's {after[1]} ({next.GetProperty("number")})");
        return tally;
    }

    /// <summary>Outbox delivery killed mid-way: after the restart every message reaches each of its two handlers exactly once.</summary>
    private static async Task<Tally> OutboxAsync(Rig rig, int kills)
    {
        var messages = rig.Quick ? 200 : 1_000;
        var tally = new Tally($"outbox delivery of {messages:N0} messages to 2 handlers each");
        var db = await rig.NewDatabaseAsync();
        var plugins = rig.Plugins("outbox-probe");
        await using var loop = new KillLoop(rig, () => rig.StartHostAsync("outbox", db, plugins));
        await loop.StartAsync();
        // Signed in before the kill window (a sign-in cut by a kill counts against the login's lock-out).
        Task Raise(HttpClient admin, string key) =>
            Rig.Json(admin.PostAsJsonAsync("/api/outbox-probe/raise", new { key, count = messages, failTimes = 0, delayMs = 2 }));
        var first = await World.ClientAsync(loop.Host, "admin", Rig.AdminPassword);
        var span = await KillLoop.TimeAsync(async () => { await Raise(first, "base-"); await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5)); }) * 1.5;
        for (var round = 0; round < kills; round++)
        {
            var key = $"r{round}-";
            var admin = await World.ClientAsync(loop.Host, "admin", Rig.AdminPassword);
            var acknowledged = await loop.KillDuringAsync(async ct => { await Raise(admin, key); await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5), ct); }, span);
            tally.Killed++;
            var raised = await Rig.ScalarAsync<long>(db, "select count(*) from outbox_probe.mt_doc_probebatch where id = $1", key);
            if (raised == 0) { tally.Add(Outcome.Absent, acknowledged, $"round {round}: not raised"); continue; }
            var dead = await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5));
            var runs = await Rig.RowsAsync(db, """
                select data->>'key', data->>'handler', count(*) from outbox_probe.mt_doc_proberun where data->>'key' like $1 group by 1, 2
                """, key + "%");
            var duplicates = runs.Sum(r => (long)r[2] - 1);
            var missing = 2 * messages - runs.Count;
            tally.Duplicates += (int)duplicates;
            tally.Add(missing == 0 && dead == 0 ? Outcome.Complete : Outcome.Half, acknowledged,
                $"round {round}: {missing} handler run(s) missing, {duplicates} repeated, {dead} dead letter(s)");
        }
        return tally;
    }

    /// <summary>A relayed directive's 签收 chain (counties sign and forward to their streets, streets sign and release their
    /// groups' tasks): each signature with what it forwards, or nothing; afterwards each relayer and operator hears once.</summary>
    private static async Task<Tally> RelayAsync(Rig rig, int kills)
    {
        var tally = new Tally("relayed 签收 chain, county → street → groups");
        var (db, loop, world) = await StartWorldAsync(rig, "relay", 2, 3, 2);
        await using var owned = loop;
        var groups = rig.Quick ? 120 : 1_200;
        await Rig.Json(World.ImportAsync(await World.ClientAsync(loop.Host, World.CityLogin), world.GroupsWorkbook(groups, "签收")));
        var countyLogins = world.Counties.Select((_, i) => $"rel-county-{i}").ToArray();
        async Task<Guid> Issued(string title)
        {
            var office = await World.ClientAsync(loop.Host, World.CityLogin);
            var id = await World.DraftAsync(office, title, "Relay");
            await Rig.Json(office.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null));
            return id;
        }
        // Signers sign in once per host process, before the kill window: a sign-in cut by a kill keeps the place it
        // claimed in the sign-in lock-out (counted as a failure, by design), and a few of those lock the signer out.
        var clients = new ConcurrentDictionary<(Uri?, string), Task<HttpClient>>();
        Task<HttpClient> SignedIn(string login) => clients.GetOrAdd((loop.Host.Client.BaseAddress, login), _ => World.ClientAsync(loop.Host, login));
        Func<Task> Chain(Guid id, ConcurrentBag<string> signed) => async () =>
        {
            async Task Sign(string login)
            {
                await Rig.Json((await SignedIn(login)).PostAsJsonAsync($"/api/grid-dispatch/directives/{id}/sign", new { note = "请抓紧" }));
                signed.Add(login);
            }
            await Task.WhenAll(countyLogins.Select(Sign));
            await Task.WhenAll(world.StreetLogins.Select(Sign));
        };

        Task SignInAll() => Task.WhenAll(countyLogins.Concat(world.StreetLogins).Select(SignedIn));
        await SignInAll();
        var span = await KillLoop.TimeAsync(Chain(await Issued("签收 基准"), [])) * 1.5;
        for (var round = 0; round < kills; round++)
        {
            var title = $"签收 第{round}轮";
            var id = await Issued(title);
            var acked = new ConcurrentBag<string>();
            await SignInAll();
            await loop.KillDuringAsync(Chain(id, acked), span);
            tally.Killed++;
            // Each signature is one operation: signed with what it forwards (its streets received, or its groups' tasks
            // released), or unsigned with nothing forwarded.
            var signatures = await Rig.RowsAsync(db, """
                select r.unit_name, r.signed_by, r.signed_at is not null,
                  case r.level when 2 then exists (select 1 from grid_dispatch.relays c where c.directive_id = r.directive_id and c.parent_id = r.unit_id
                                                     and (c.received_at is null) = (r.signed_at is not null))
                               else exists (select 1 from grid_dispatch.tasks t where t.directive_id = r.directive_id and t.street_id = r.unit_id
                                                     and (t.released_at is null) = (r.signed_at is not null)) end
                from grid_dispatch.relays r where r.directive_id = $1 and r.level in (2, 3)
                """, id);
            foreach (var s in signatures)
            {
                var (unit, signedBy, isSigned, mismatch) = ((string)s[0], s[1] as string, (bool)s[2], (bool)s[3]);
                tally.Add(mismatch ? Outcome.Half : isSigned ? Outcome.Complete : Outcome.Absent, signedBy is not null && acked.Contains(signedBy),
                    $"round {round}: {unit} signed {isSigned}, forwarded {(mismatch ? "in part or wrongly" : "consistently")}");
            }
            var ackedUnsigned = acked.Count - signatures.Count(s => s[1] is string by && acked.Contains(by));
            if (ackedUnsigned > 0) { tally.LostAcknowledged += ackedUnsigned; tally.Finding($"round {round}: {ackedUnsigned} acknowledged signature(s) not stored"); }

            // The rest of the chain after the restart; then everyone concerned heard exactly once.
            await SignInAll();
            await Chain(id, [])();
            if (await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(2)) is > 0 and var dead) tally.Finding($"round {round}: {dead} dead letter(s)");
            var released = await Rig.ScalarAsync<long>(db, "select count(*) from grid_dispatch.tasks where directive_id = $1 and released_at is not null", id);
            if (released != groups) tally.Finding($"round {round}: {released}/{groups} tasks released after the chain was finished");
            var heard = await Rig.RowsAsync(db, $"""
                select data->>'kind', count(*), count(distinct data->>'userId') from {await NotificationsTableAsync(db)}
                where data::text like '%' || $1 || '%' or data->>'link' like '%' || $2::text group by 1
                """, title, id);
            // Every operator hears of their tasks once; a relayer hears once at most (one who signed before the notice went
            // out is not told to sign: TellRelayers skips units already signed).
            var expected = new Dictionary<string, (long Want, bool Exactly)>
            {
                ["grid-dispatch.relay"] = (countyLogins.Length + world.StreetLogins.Length, false), ["grid-dispatch.task"] = (world.CommunityCodes.Length, true),
            };
            foreach (var (kind, (want, exactly)) in expected)
            {
                var row = heard.FirstOrDefault(h => (string)h[0] == kind);
                var (count, users) = row is null ? (0L, 0L) : ((long)row[1], (long)row[2]);
                tally.Duplicates += (int)(count - users);
                if (count > users)
                    foreach (var twice in await Rig.RowsAsync(db, $"""
                        select u.data->>'login', n.data->>'createdAt', n.data->>'link' from {await NotificationsTableAsync(db)} n
                        join platform.mt_doc_platformuser u on u.id::text = n.data->>'userId'
                        where n.data->>'kind' = $3 and (n.data::text like '%' || $1 || '%' or n.data->>'link' like '%' || $2::text)
                          and n.data->>'userId' in (select data->>'userId' from {await NotificationsTableAsync(db)} m
                            where m.data->>'kind' = $3 and (m.data::text like '%' || $1 || '%' or m.data->>'link' like '%' || $2::text)
                            group by 1 having count(*) > 1)
                        order by 1, 2
                        """, title, id, kind))
                        tally.Finding($"round {round}: {kind} told {twice[0]} at {twice[1]} ({twice[2]})");
                if (exactly ? users != want : users > want) tally.Finding($"round {round}: {kind} reached {users} of {want} people");
            }
        }
        return tally;
    }

    /// <summary>An Excel import of grid groups: all rows stored with their audit record, or none.</summary>
    private static async Task<Tally> ImportAsync(Rig rig, int kills)
    {
        var rows = rig.Quick ? 5_000 : 100_000;
        var tally = new Tally($"Excel import of {rows:N0} grid groups");
        var (db, loop, world) = await StartWorldAsync(rig, "import", 1, 2, 5);
        await using var owned = loop;
        var span = await KillLoop.TimeAsync(async () =>
            await Rig.Json(World.ImportAsync(await World.ClientAsync(loop.Host, World.CityLogin), world.GroupsWorkbook(rows, "基准导入")))) * 1.5;
        for (var round = 0; round < kills; round++)
        {
            var prefix = $"导入{round}轮";
            var workbook = world.GroupsWorkbook(rows, prefix);
            var office = await World.ClientAsync(loop.Host, World.CityLogin);
            var acknowledged = await loop.KillDuringAsync(() => Rig.Json(World.ImportAsync(office, workbook)), span);
            tally.Killed++;
            var stored = await Rig.ScalarAsync<long>(db, "select count(*) from grid_dispatch.mt_doc_gridgroup where data->>'name' like $1", prefix + "%");
            var outcome = stored == rows ? Outcome.Complete : stored == 0 ? Outcome.Absent : Outcome.Half;
            tally.Add(outcome, acknowledged, $"round {round}: {stored} of {rows} rows stored");
            if (outcome == Outcome.Absent)
            {
                await Rig.Json(World.ImportAsync(await World.ClientAsync(loop.Host, World.CityLogin), workbook));
                var again = await Rig.ScalarAsync<long>(db, "select count(*) from grid_dispatch.mt_doc_gridgroup where data->>'name' like $1", prefix + "%");
                if (again != rows) tally.Finding($"round {round}, imported again: {again} of {rows}");
            }
        }
        tally.Duplicates = (int)await Rig.ScalarAsync<long>(db, "select count(*) - count(distinct data->>'name') from grid_dispatch.mt_doc_gridgroup");
        return tally;
    }

    /// <summary>A ranking of every active account of a platform published: the whole ranking as one document with its audit
    /// record, or nothing.</summary>
    private static async Task<Tally> RankingAsync(Rig rig, int kills)
    {
        var accounts = rig.Quick ? 40 : 400;
        var tally = new Tally($"ranking publication over {accounts} accounts");
        var (db, loop, world) = await StartWorldAsync(rig, "ranking", 2, 1, 1);
        await using var owned = loop;
        var office = await World.ClientAsync(loop.Host, World.CityLogin);
        await world.ActiveAccountsAsync(office, accounts);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        Task Publish(HttpClient client, string title) =>
            Rig.Json(client.PostAsJsonAsync("/api/account-matrix/rankings/published", new { title, platform = "WeChatChannels", from = today.AddDays(-30), to = today.AddDays(-1) }));
        var span = await KillLoop.TimeAsync(() => Publish(office, "榜单 基准")) * 1.5;
        for (var round = 0; round < kills; round++)
        {
            var title = $"榜单 第{round}轮";
            var client = await World.ClientAsync(loop.Host, World.CityLogin);
            var acknowledged = await loop.KillDuringAsync(() => Publish(client, title), span);
            tally.Killed++;
            var found = await Rig.RowsAsync(db, """
                select coalesce(jsonb_array_length(r.data->'ranking'->'entries'), -1),
                  (select count(*) from platform.audit_trail a where a.target_id::text = r.id::text)
                from account_matrix.mt_doc_publishedranking r where r.data->>'title' = $1
                """, title);
            var outcome = found.Count == 0 ? Outcome.Absent
                : found.Count == 1 && (int)found[0][0] == accounts && (long)found[0][1] == 1 ? Outcome.Complete : Outcome.Half;
            if (found.Count > 1) tally.Duplicates += found.Count - 1;
            tally.Add(outcome, acknowledged, $"round {round}: {found.Count} published, " +
                string.Join("; ", found.Select(f => $"{f[0]} entries, {f[1]} audit record(s)")));
        }
        return tally;
    }

    /// <summary>The netizen registry's 摸底调查 import: every row's personality with its collection record, or none. Each
    /// round's aliases, handles and mobile numbers are its own, so a personality found twice is a real duplicate.</summary>
    private static async Task<Tally> SurveyImportAsync(Rig rig, int kills)
    {
        var rows = rig.Quick ? 2_000 : 20_000; // 20,000: the most one import takes
        var tally = new Tally($"survey import of {rows:N0} online personalities");
        var (db, loop, world) = await StartWorldAsync(rig, "survey", 1, 2, 2, ["netizen-registry"]);
        await using var owned = loop;
        // Mobile numbers 13RRNNNNNNN: RR the round (00 for the measuring import), NNNNNNN the row.
        byte[] Workbook(int round, string prefix)
        {
            using var xlsx = new MemoryStream();
            xlsx.SaveAs(Enumerable.Range(0, rows).Select(i => new Dictionary<string, object>
            {
                ["网名"] = $"{prefix}网友{i:00000}", ["领域"] = "自媒体", ["联系单位编码"] = world.CommunityCodes[i % world.CommunityCodes.Length], ["平台"] = "抖音",
                ["平台账号"] = $"r{round}-{i}", ["粉丝数"] = 1_000 + i, ["真实姓名"] = "张试验", ["手机号码"] = $"13{round:00}{i:0000000}",
                ["告知同意"] = "已告知", ["告知同意日期"] = "2026-11-01",
            }));
            return xlsx.ToArray();
        }
        static Task<HttpResponseMessage> Import(HttpClient office, byte[] workbook) =>
            office.PostAsync("/api/netizen-registry/profiles/import", new MultipartFormDataContent { { new ByteArrayContent(workbook), "file", "survey.xlsx" } });
        async Task<(long Profiles, long Records)> Stored(string prefix)
        {
            var found = (await Rig.RowsAsync(db, """
                select count(*), (select count(*) from netizen_registry.mt_doc_processingrecord r
                                  join netizen_registry.mt_doc_profile q on r.data->>'profileId' = q.id::text where q.data->>'alias' like $1)
                from netizen_registry.mt_doc_profile p where p.data->>'alias' like $1
                """, prefix + "%")).Single();
            return ((long)found[0], (long)found[1]);
        }

        var baseline = Workbook(0, "基准");
        var span = await KillLoop.TimeAsync(async () => await Rig.Json(Import(await World.ClientAsync(loop.Host, World.CityLogin), baseline))) * 1.5;
        for (var round = 0; round < kills; round++)
        {
            var prefix = $"摸底{round}轮";
            var workbook = Workbook(round + 1, prefix);
            var office = await World.ClientAsync(loop.Host, World.CityLogin);
            var acknowledged = await loop.KillDuringAsync(() => Rig.Json(Import(office, workbook)), span);
            tally.Killed++;
            var (profiles, records) = await Stored(prefix);
            var outcome = profiles == rows && records == rows ? Outcome.Complete : profiles == 0 && records == 0 ? Outcome.Absent : Outcome.Half;
            tally.Add(outcome, acknowledged, $"round {round}: {profiles} of {rows} personalities, {records} collection records");
            if (outcome == Outcome.Absent)
            {
                await Rig.Json(Import(await World.ClientAsync(loop.Host, World.CityLogin), workbook));
                if (await Stored(prefix) is var again && again != (rows, rows)) tally.Finding($"round {round}, imported again: {again.Profiles} personalities, {again.Records} records");
            }
        }
        // A personality stored twice, or one the import had to mark as a possible duplicate: no row repeats another's data.
        tally.Duplicates = (int)await Rig.ScalarAsync<long>(db, """
            select (count(*) - count(distinct data->>'alias')) + count(*) filter (where coalesce(jsonb_typeof(data->'possibleDuplicateOf'), 'null') <> 'null')
            from netizen_registry.mt_doc_profile
            """);
        return tally;
    }

    /// <summary>The inspection module's yearly results published (目标管理 reads them): the plan published with every
    /// target's card finalised and its audit record, or the plan still a draft with no card finalised.</summary>
    private static async Task<Tally> ResultsAsync(Rig rig, int kills)
    {
        var tally = new Tally("yearly results publication (inspection), 8 targets each");
        var (db, loop, world) = await StartWorldAsync(rig, "results", 2, 3, 1, ["inspection"]);
        await using var owned = loop;
        var office = await World.ClientAsync(loop.Host, World.CityLogin);
        var plans = await InspectionPlans.TemplateAsync(office, world);
        var first = await plans.CopyAsync(office, "考评 基准");
        var span = await KillLoop.TimeAsync(() => InspectionPlans.PublishAsync(office, first)) * 1.5;
        for (var round = 0; round < kills; round++)
        {
            var client = await World.ClientAsync(loop.Host, World.CityLogin);
            var plan = await plans.CopyAsync(client, $"考评 第{round}轮");
            var acknowledged = await loop.KillDuringAsync(() => InspectionPlans.PublishAsync(client, plan), span);
            tally.Killed++;
            var (outcome, detail) = await ResultsStateAsync(db, plan, plans.Targets.Length);
            tally.Add(outcome, acknowledged, $"round {round}: {detail}");
            if (outcome == Outcome.Absent)
            {
                await InspectionPlans.PublishAsync(await World.ClientAsync(loop.Host, World.CityLogin), plan);
                if (await ResultsStateAsync(db, plan, plans.Targets.Length) is (not Outcome.Complete, var state)) tally.Finding($"round {round}, published again: {state}");
            }
        }
        tally.Duplicates = (int)await Rig.ScalarAsync<long>(db, """
            select (select count(*) - count(distinct (data->>'plan', data->>'unit')) from inspection.mt_doc_scorecard)
                 + (select coalesce(sum(n - 1), 0) from (select count(*) as n from platform.audit_trail where action = 'PublishResults' and outcome = 'Ok'
                    group by target_id) x)::bigint
            """);
        return tally;
    }

    private static async Task<(Outcome, string)> ResultsStateAsync(string db, Guid plan, int targets)
    {
        var row = (await Rig.RowsAsync(db, """
            select p.data->>'status',
              (select count(*) from inspection.mt_doc_scorecard c where c.data->>'plan' = $1::text and coalesce(jsonb_typeof(c.data->'frozen'), 'null') <> 'null'),
              (select count(*) from platform.audit_trail a where a.target_id = $1::text and a.action = 'PublishResults' and a.outcome = 'Ok')
            from inspection.mt_doc_plan p where p.id = $1
            """, plan)).Single();
        var (status, frozen, audited) = ((string)row[0], (long)row[1], (long)row[2]);
        var detail = $"plan {status}, {frozen} of {targets} cards final, {audited} audit record(s)";
        if (status == "Published" && frozen == targets && audited == 1) return (Outcome.Complete, detail);
        if (status == "Draft" && frozen == 0 && audited == 0) return (Outcome.Absent, detail);
        return (Outcome.Half, detail);
    }

    internal static async Task<string> NotificationsTableAsync(string db) =>
        await Rig.ScalarAsync<string>(db, "select table_schema || '.' || table_name from information_schema.tables where table_name = 'mt_doc_notification' limit 1");

    /// <summary>A fresh database, a host on it with the work modules, and the city seeded.</summary>
    private static async Task<(string Db, KillLoop Loop, World World)> StartWorldAsync(Rig rig, string name, int counties, int streets, int communities,
        string[]? morePlugins = null, params string[] hostArgs)
    {
        var db = await rig.NewDatabaseAsync();
        var plugins = rig.Plugins([.. HostPlugins, .. morePlugins ?? []]);
        var loop = new KillLoop(rig, () => rig.StartHostAsync(name, db, plugins, hostArgs));
        await loop.StartAsync();
        var admin = new HttpClient { BaseAddress = loop.Host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        await admin.SignInAsync("admin", Rig.AdminPassword);
        return (db, loop, await World.SeedAsync(admin, counties, streets, communities));
    }
}
