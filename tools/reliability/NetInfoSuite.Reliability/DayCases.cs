using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NetInfoSuite.Testing;

/// <summary>Issue 20, item 4: a working day on a fast fake clock against the host with every module (memory and
/// PostgreSQL connections, sampled through the day, must stay flat after the host's warm-up), then a plugin added and
/// removed ten times (memory after each cycle within a bound stated before measuring).</summary>
internal static class DayCases
{
    private static readonly string[] Modules = ["directory", "grid-dispatch", "compliance", "account-matrix", "inspection", "netizen-registry"];
    /// <summary>The module added and removed: nothing depends on it, and it has pages, endpoints and documents of its own.</summary>
    private const string Cycled = "netizen-registry";
    private const int Cycles = 10;

    // The bound of the plugin cycles, stated before the first measurement (docs/reliability.md says why). The same build
    // added again is the same content, so it is not loaded again (ADR 0019); what cycles 2–10 may add is only what a
    // replaced generation leaves behind. A generation kept alive (its container, its Marten store, its endpoints) costs
    // megabytes, so nine of them would break these.
    private const double FirstCycleRssMb = 50;   // the module's assemblies, loaded once for the process's life, and their JIT'd code
    private const double LaterCycleRssMb = 2;    // per cycle after the first (VmRSS after a forced full GC)
    private const double LaterCycleHeapMb = 1;   // per cycle after the first (managed heap after a forced full GC)
    private const int LaterConnections = 3;      // connections of the host's database after cycle 10 above those after cycle 1

    // "Flat", stated before the day runs: over the samples taken after the host's warm-up (shown but not judged), the
    // median of the last third is at most 15 % above the median of the first third, and the samples do not rise at every
    // step. Connections may also be 3 more (pools open a few as work overlaps). The warm-up is the host's first 90 s of
    // real time in both forms: the full form's first simulated hour at 40×, the quick form's first four at 160×.
    private const double FlatTolerance = 0.15;
    private const int ConnectionSlack = 3;
    private static readonly TimeSpan WarmUpReal = TimeSpan.FromSeconds(90);

    public static async Task<Section> RunAsync(Rig rig)
    {
        // The week ends at Saturday midnight (rankings run Sunday–Saturday): the day ends half an hour into Sunday.
        var end = new DateTimeOffset(2026, 12, 6, 0, 30, 0, TimeSpan.FromHours(8));
        // every: a directive; sampleEvery: memory and connections. The quick form samples four times a simulated hour so
        // that the three simulated hours after its warm-up give 13 judged samples (the full form: 17, hourly).
        var (hours, speed, groups, accounts, every, sampleEvery) = rig.Quick
            ? (7.0, 160.0, 160, 12, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15))   // 17:30–00:30, about 2.6 real minutes
            : (16.5, 40.0, 480, 40, TimeSpan.FromMinutes(15), TimeSpan.FromHours(1));     // 08:00–00:30, about 25 real minutes
        var start = end.AddHours(-hours);
        var warmUp = WarmUpReal * speed;
        var db = await rig.NewDatabaseAsync();
        var probe = db + ";Application Name=reliability-probe"; // the suite's own connections, left out of the host's count

        // The city, its groups and accounts and the week's metrics so far, seeded on a stopped clock at the day's start.
        World world;
        Guid[] accountIds;
        await using (var seeding = await rig.StartHostAsync("day-seed", db, rig.Plugins(Modules), start))
        {
            var admin = await World.ClientAsync(seeding, "admin", Rig.AdminPassword);
            world = await World.SeedAsync(admin, 2, 2, 2);
            await Rig.Json(admin.PostAsJsonAsync("/api/users", new
            {
                login = "rel-reviewer", name = "可靠性审核员", orgUnitId = world.City, roles = new[] { "Reviewer" }, password = Rig.UserPassword, temporary = false,
            }));
            var office = await World.ClientAsync(seeding, World.CityLogin);
            await Rig.Json(World.ImportAsync(office, world.GroupsWorkbook(groups, "一日")));
            accountIds = await world.ActiveAccountsAsync(office, accounts);
            var weekStart = DateOnly.FromDateTime(end.DateTime).AddDays(-7);
            await Rig.Json(office.PostAsJsonAsync("/api/account-matrix/metrics", new
            {
                daily = Enumerable.Range(0, 6).SelectMany(d => accountIds.Select((a, i) => Metrics(a, weekStart.AddDays(d), i, d * 24))).ToArray(),
            }));
        }

        var day = new Day(probe, world, accountIds, start, end, speed, every, sampleEvery, warmUp);
        await using (var host = await rig.StartHostAsync("day", db, rig.Plugins(Modules), start, speed))
            await day.RunAsync(host);
        // Judged with tiered compilation off: with it on, the host's own code is recompiled, optimised, in the first
        // cycles as it grows hot — memory the runtime spends once, not memory a replaced generation leaves. Shown as the
        // product runs too, not judged (docs/reliability.md).
        var cycles = await CyclePluginAsync(rig, db, probe, end, tiered: false);
        var tieredCycles = await CyclePluginAsync(rig, db, probe, end, tiered: true);
        return await ReportAsync(day, cycles, tieredCycles, hours, speed, groups, accounts, every, sampleEvery, warmUp);
    }

    private static object Metrics(Guid account, DateOnly day, int i, int hour) => new
    {
        accountId = account, day, followers = 10_000 + 100 * i + hour, posts = 2 + hour % 3, reads = 1_000 * (i + 1) + 50 * hour,
        likes = 30 + i + hour, shares = 10 + hour % 7, comments = 5 + i % 4,
    };

    /// <summary>The simulated day: the driver acts whenever the host's clock passes the next moment of each kind of work.</summary>
    private sealed class Day(string probe, World world, Guid[] accounts, DateTimeOffset start, DateTimeOffset end,
        double speed, TimeSpan every, TimeSpan sampleEvery, TimeSpan warmUp)
    {
        public DateTimeOffset Start => start;
        public readonly List<Sample> Samples = [];
        public readonly List<Guid> Reported = [], Overdue = [];
        public readonly List<string> Errors = [];
        public int Relayed, Acknowledged, Pieces, Approved, Notices;
        public long RankingEntries = -1;
        public TimeSpan Real;
        private readonly Dictionary<string, HttpClient> _clients = [];
        private HostProcess _host = null!;

        public async Task RunAsync(HostProcess host)
        {
            _host = host;
            var started = Stopwatch.StartNew();
            await Sample(await NowAsync(), started);
            foreach (var login in new[] { World.CityLogin, "rel-reviewer" }.Concat(world.Counties.Select((_, i) => $"rel-county-{i}"))
                         .Concat(world.StreetLogins).Concat(world.CommunityCodes.Select(c => $"op-{c}")))
                _clients[login] = await FastClockClient.SignInAsync(host, speed, login, Rig.UserPassword);

            var (nextSample, nextHour, nextDirective, nextPiece, ranked) = (start + sampleEvery, start.AddHours(1), start, start, false);
            var weekEnd = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.FromHours(8));
            for (var now = await NowAsync(); now < end; now = await NowAsync())
            {
                if (now >= nextSample)
                {
                    await Sample(now, started);
                    while (nextSample <= now) nextSample += sampleEvery; // late (the driver was busy): the next due one, not a burst
                }
                if (now >= nextHour)
                {
                    await Act("hourly metrics and notice", () => HourlyAsync(now));
                    nextHour = nextHour.AddHours(1);
                }
                if (now >= nextDirective)
                {
                    await Act("directive", () => DirectiveAsync(now));
                    nextDirective += every;
                }
                if (now >= nextPiece)
                {
                    await Act("piece for review", PieceAsync);
                    nextPiece = nextPiece.AddMinutes(30);
                }
                if (!ranked && now >= weekEnd.AddMinutes(5))
                {
                    await Act("week's ranking", RankingAsync);
                    ranked = true;
                }
                await Act("reports", ReportAsync);
                await Task.Delay(200);
            }
            await Sample(await NowAsync(), started);
            Real = started.Elapsed;
        }

        private async Task<DateTimeOffset> NowAsync() =>
            (await Rig.Json(_host.Client.GetAsync("/__fake-clock"))).GetProperty("now").GetDateTimeOffset();

        /// <summary>A step of the day; a failure is counted and the day goes on.</summary>
        private async Task Act(string what, Func<Task> step)
        {
            try { await step(); }
            catch (Exception ex) { Errors.Add($"{what}: {ex.Message.ReplaceLineEndings(" ")}"); }
        }

        private async Task Sample(DateTimeOffset at, Stopwatch real)
        {
            var (rss, anon) = ProcessMemory(_host.Pid);
            var connections = await Rig.ScalarAsync<long>(probe,
                "select count(*) from pg_stat_activity where datname = current_database() and application_name <> 'reliability-probe'");
            var tasks = await Rig.ScalarAsync<long>(probe, "select count(*) from grid_dispatch.tasks");
            Samples.Add(new(at, real.Elapsed, rss, anon, connections, tasks));
        }

        private async Task DirectiveAsync(DateTimeOffset now)
        {
            var n = Reported.Count + Overdue.Count;
            // Every third directive is left unreported with a short deadline, so 督办 escalates it on simulated time.
            var (relay, overdue) = (n % 3 == 1, n % 3 == 2);
            var office = _clients[World.CityLogin];
            var id = (await Rig.Json(office.PostAsJsonAsync("/api/grid-dispatch/directives", new
            {
                title = $"一日 第{n + 1}号 {now.ToOffset(TimeSpan.FromHours(8)):HH:mm}", body = "可靠性试验：一日工作", category = "General",
                urgency = "Routine", delivery = relay ? "Relay" : "Direct", target = new { kinds = new[] { "GridGroup" } },
                deadline = now + (overdue ? TimeSpan.FromMinutes(40) : TimeSpan.FromHours(3)),
            }))).GetProperty("id").GetGuid();
            await Rig.Json(office.PostAsync($"/api/grid-dispatch/directives/{id}/approve", null));
            await Rig.Json(office.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null));
            if (overdue) { Overdue.Add(id); return; }
            if (relay)
            {
                Relayed++;
                foreach (var signers in new[] { world.Counties.Select((_, i) => $"rel-county-{i}"), world.StreetLogins })
                    await Task.WhenAll(signers.Select(login =>
                        Rig.Json(_clients[login].PostAsJsonAsync($"/api/grid-dispatch/directives/{id}/sign", new { note = "已签收，请抓紧" }))));
            }
            Reported.Add(id);
        }

        /// <summary>Each operator reports the released, pending tasks of the directives to report: one report covering up
        /// to 50 more groups of the same directive, as the feedback page lets them.</summary>
        private async Task ReportAsync()
        {
            if (Reported.Count == 0) return;
            var open = await Rig.RowsAsync(probe, """
                select directive_id, operators[1], array_agg(id order by id) from grid_dispatch.tasks
                where directive_id = any($1) and status = 0 and released_at is not null group by directive_id, operators[1]
                """, Reported.ToArray());
            await Task.WhenAll(open.GroupBy(r => (string)r[1]).Select(async mine =>
            {
                foreach (var row in mine)
                    foreach (var chunk in ((Guid[])row[2]).Chunk(51))
                    {
                        await Rig.Json(_clients[mine.Key].PostAsJsonAsync($"/api/grid-dispatch/tasks/{chunk[0]}/feedback", new
                        {
                            clientKey = $"day-{chunk[0]:N}", unable = false, reached = 150, note = "已转发到群",
                            also = chunk.Skip(1).Select(t => new { taskId = t, reached = 150 }).ToArray(),
                        }));
                        Interlocked.Add(ref Acknowledged, chunk.Length);
                    }
            }));
        }

        /// <summary>A piece for three accounts drafted by the city's editor and approved by the reviewer (four eyes).</summary>
        private async Task PieceAsync()
        {
            var n = Interlocked.Increment(ref Pieces);
            var id = (await Rig.Json(_clients[World.CityLogin].PostAsJsonAsync("/api/account-matrix/publications", new
            {
                title = $"一日稿件 {n}", body = "可靠性试验：先审后发的稿件。", accounts = Enumerable.Range(0, 3).Select(i => accounts[(n + i) % accounts.Length]).ToArray(),
            }))).GetProperty("id").GetGuid();
            await Rig.Json(_clients[World.CityLogin].PostAsync($"/api/account-matrix/publications/{id}/submit", null));
            await Rig.Json(_clients["rel-reviewer"].PostAsync($"/api/account-matrix/publications/{id}/approve-all", null));
            Approved++;
        }

        /// <summary>Today's figures so far for every account (replacing the last hour's), and a rectification notice due today.</summary>
        private async Task HourlyAsync(DateTimeOffset now)
        {
            var office = _clients[World.CityLogin];
            var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
            await Rig.Json(office.PostAsJsonAsync("/api/account-matrix/metrics", new
            {
                daily = accounts.Select((a, i) => Metrics(a, today, i, now.ToOffset(TimeSpan.FromHours(8)).Hour)).ToArray(),
            }));
            if (today > DateOnly.FromDateTime(start.DateTime)) return; // notices are due on the working day
            await Rig.Json(office.PostAsJsonAsync("/api/compliance/notices", new
            {
                recipient = world.Counties[Notices % world.Counties.Length], subject = $"一日 整改 {Notices + 1}", problems = "账号长期未更新",
                requirements = "当日整改", deadline = today, cases = Array.Empty<Guid>(),
            }));
            Notices++;
        }

        /// <summary>The week's ranking (Sunday to the Saturday just ended), published once the week is over.</summary>
        private async Task RankingAsync()
        {
            var saturday = new DateOnly(2026, 12, 5);
            await Rig.Json(_clients[World.CityLogin].PostAsJsonAsync("/api/account-matrix/rankings/published", new
            {
                title = "一日 周榜", platform = "WeChatChannels", from = saturday.AddDays(-6), to = saturday,
            }));
            RankingEntries = await Rig.ScalarAsync<int>(probe,
                "select coalesce(jsonb_array_length(data->'ranking'->'entries'), -1) from account_matrix.mt_doc_publishedranking where data->>'title' = '一日 周榜'");
        }

        /// <summary>What the day's work left in the database, judged after it.</summary>
        public async Task<List<Row>> JudgeAsync()
        {
            var rows = new List<Row>();
            void Add(string what, string found, string goal, bool met) => rows.Add(new([what, found, goal, met ? "yes" : "**no**"], met));

            var judged = Samples.Where(s => s.At >= start + warmUp).ToList();
            var (rssMet, rssText) = Flat(judged.Select(s => s.RssMb).ToList(), 0);
            Add($"host memory (VmRSS) {Every(sampleEvery)}, after the warm-up", rssText, "flat: last third ≤ first third + 15 %, no climb at every step", rssMet);
            var (anonMet, anonText) = Flat(judged.Select(s => s.PrivateMb).ToList(), 0);
            Add($"host private memory (RssAnon) {Every(sampleEvery)}, after the warm-up", anonText, "the same", anonMet);
            var (connMet, connText) = Flat(judged.Select(s => (double)s.Connections).ToList(), ConnectionSlack);
            Add("PostgreSQL connections of the host's database (pg_stat_activity)", connText, $"the same, or ≤ {ConnectionSlack} more", connMet);

            // Directives left unreported: every task whose deadline has passed is marked overdue and escalated (督办).
            var overdue = await Rig.RowsAsync(probe, """
                select count(*), count(*) filter (where overdue),
                  count(*) filter (where exists (select 1 from grid_dispatch.supervision_log l where l.task_id = t.id))
                from grid_dispatch.tasks t where directive_id = any($1) and deadline <= $2
                """, Overdue.ToArray(), end.AddMinutes(-5).ToUniversalTime());
            var (due, marked, escalated) = ((long)overdue[0][0], (long)overdue[0][1], (long)overdue[0][2]);
            Add($"督办 on simulated time: tasks of {Overdue.Count} unreported directives past their deadline (40 simulated min)",
                $"{due:N0} past deadline; {marked:N0} marked overdue; {escalated:N0} with a 督办 step", "all marked and escalated",
                due > 0 && marked == due && escalated == due);

            var stored = await Rig.ScalarAsync<long>(probe, "select count(*) from grid_dispatch.tasks where directive_id = any($1) and status <> 0", Reported.ToArray());
            var released = await Rig.ScalarAsync<long>(probe, "select count(*) from grid_dispatch.tasks where directive_id = any($1)", Reported.ToArray());
            Add($"operators' reports on {Reported.Count} directives ({Relayed} relayed, signed by counties and streets)",
                $"{Acknowledged:N0} acknowledged, {stored:N0} stored, of {released:N0} tasks", "every acknowledged report stored",
                Acknowledged > 0 && stored == Acknowledged);

            Add("pieces drafted and approved by a reviewer (four eyes)", $"{Approved} approved of {Pieces} drafted", "all", Pieces > 0 && Approved == Pieces);
            Add("the week's ranking (Sunday–Saturday) published after Saturday midnight", $"{(RankingEntries < 0 ? "not published" : $"{RankingEntries} entries")} for {accounts.Length} accounts",
                "one entry per account", RankingEntries == accounts.Length);
            var notified = await Rig.ScalarAsync<long>(probe, "select count(*) from compliance.mt_doc_notice where data->>'overdueNotifiedAt' is not null");
            Add("rectification notices due Saturday, told overdue after midnight (the recurring job on simulated time)",
                $"{notified} of {Notices}", "all", Notices > 0 && notified == Notices);
            Add("requests of the day that failed", Errors.Count == 0 ? "0" : $"{Errors.Count}: {string.Join("; ", Errors.Take(3)).Replace("|", "\\|")}", "0", Errors.Count == 0);
            return rows;
        }

        public string SampleTable()
        {
            var md = new StringBuilder("| simulated time (Beijing) | real time | VmRSS | RssAnon | connections | tasks |\n|---|---|---|---|---|---|\n");
            foreach (var s in Samples)
                md.AppendLine($"| {s.At.ToOffset(TimeSpan.FromHours(8)):ddd HH:mm} | {s.Real.TotalSeconds:0} s | {s.RssMb:0} MB | {s.PrivateMb:0} MB | {s.Connections} | {s.Tasks:N0} |");
            return md.ToString();
        }
    }

    /// <summary>"every simulated hour", "every 15 simulated minutes".</summary>
    private static string Every(TimeSpan interval) =>
        interval == TimeSpan.FromHours(1) ? "every simulated hour" : $"every {interval.TotalMinutes:0} simulated minutes";

    private sealed record Sample(DateTimeOffset At, TimeSpan Real, double RssMb, double PrivateMb, long Connections, long Tasks);

    // Assemblies and the collector's committed memory are logged only: they tell a leak of loaded code from retained memory.
    private sealed record Cycle(int Number, double RssMb, double HeapMb, double PrivateMb, long Connections, double ServeSeconds, double GoneSeconds,
        int Assemblies, int InMemoryAssemblies, double CommittedMb);

    /// <summary>The last third's median against the first third's, and whether the values rise at every step.</summary>
    private static (bool Met, string Text) Flat(IReadOnlyList<double> values, double slack)
    {
        if (values.Count < 3) return (false, $"{values.Count} sample(s): too few to judge");
        var third = (int)Math.Ceiling(values.Count / 3.0);
        var (first, last) = (Median(values.Take(third)), Median(values.TakeLast(third)));
        var climbing = values.Zip(values.Skip(1)).All(p => p.Second > p.First);
        var met = last <= first * (1 + FlatTolerance) + slack && !climbing;
        return (met, $"{values.Count} samples: first third's median {first:0.#}, last third's {last:0.#} ({(last / first - 1) * 100:+0;-0} %), " +
                     $"range {values.Min():0.#}–{values.Max():0.#}{(climbing ? ", rising at every step" : "")}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>VmRSS and RssAnon (the process's private resident pages) in MB, from /proc.</summary>
    private static (double Rss, double Anon) ProcessMemory(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        double Kb(string key) => double.Parse(status.First(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture) / 1024;
        return (Kb("VmRSS"), Kb("RssAnon"));
    }

    /// <summary>The host with every module but one, on a stopped clock; the missing module's plugin folder is copied in (beside,
    /// then moved into place) until it serves, then removed until it no longer does, ten times; memory after a forced full
    /// GC after each removal. <paramref name="tiered"/>: the host's tiered compilation as the product runs, or off.</summary>
    private static async Task<List<Cycle>> CyclePluginAsync(Rig rig, string db, string probe, DateTimeOffset at, bool tiered)
    {
        var plugins = rig.Plugins([.. Modules.Where(m => m != Cycled)]);
        var source = Path.Combine(RepoPaths.HostPlugins, Cycled);
        await using var host = await rig.StartHostAsync(tiered ? "day-plugins-tiered" : "day-plugins", db, plugins, at, 0,
            tiered ? new Dictionary<string, string>() : new() { ["DOTNET_TieredCompilation"] = "0" },
            "--NetInfo:PluginsPollSeconds=0.5", "--NetInfo:PluginsSettleSeconds=1");
        var city = await World.ClientAsync(host, World.CityLogin);
        async Task<Cycle> Measure(int n, double serve, double gone)
        {
            var gc = await Rig.Json(host.Client.PostAsync("/__fake-clock/gc", null));
            var (_, anon) = ProcessMemory(host.Pid);
            var connections = await Rig.ScalarAsync<long>(probe,
                "select count(*) from pg_stat_activity where datname = current_database() and application_name <> 'reliability-probe'");
            return new(n, gc.GetProperty("workingSetBytes").GetInt64() / 1048576.0, gc.GetProperty("heapBytes").GetInt64() / 1048576.0, anon, connections, serve, gone,
                gc.GetProperty("assemblies").GetInt32(), gc.GetProperty("inMemoryAssemblies").GetInt32(), gc.GetProperty("committedBytes").GetInt64() / 1048576.0);
        }
        async Task<double> Until(bool serving)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                var modules = await host.Client.GetFromJsonAsync<JsonElement[]>("/api/modules");
                var listed = modules!.Any(m => m.GetProperty("id").GetString() == Cycled && m.GetProperty("status").GetString() == "loaded");
                var answer = (await city.GetAsync($"/api/{Cycled}/good-netizens")).StatusCode;
                if (serving ? listed && answer == HttpStatusCode.OK : !listed && answer == HttpStatusCode.NotFound) return watch.Elapsed.TotalSeconds;
                await Task.Delay(100);
            }
            throw new TimeoutException($"{Cycled} was still {(serving ? "not serving" : "serving")} after 2 minutes");
        }

        (await city.GetAsync("/api/grid-dispatch/directives")).EnsureSuccessStatusCode(); // the generation warm before the baseline
        var cycles = new List<Cycle> { await Measure(0, 0, 0) };
        for (var n = 1; n <= Cycles; n++)
        {
            var staging = Path.Combine(rig.Work, $"staging-{n}{(tiered ? "-tiered" : "")}", Cycled);
            CopyFolder(source, staging);
            Directory.Move(staging, Path.Combine(plugins, Cycled)); // whole, as docs/modules.md tells operators
            var serve = await Until(serving: true);
            Directory.Delete(Path.Combine(plugins, Cycled), recursive: true);
            var gone = await Until(serving: false);
            cycles.Add(await Measure(n, serve, gone));
            Console.Error.WriteLine($"reliability: day: plugin cycle {n}{(tiered ? " (tiered)" : "")}: {cycles[^1]}");
        }
        return cycles;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from)) CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
    }

    private static async Task<Section> ReportAsync(Day day, List<Cycle> cycles, List<Cycle> tieredCycles, double hours, double speed, int groups, int accounts,
        TimeSpan every, TimeSpan sampleEvery, TimeSpan warmUp)
    {
        var rows = await day.JudgeAsync();
        var (base0, first, last) = (cycles[0], cycles[1], cycles[^1]);
        var later = Cycles - 1;
        var cycleMet = first.RssMb - base0.RssMb <= FirstCycleRssMb && last.RssMb - first.RssMb <= LaterCycleRssMb * later
                       && last.HeapMb - first.HeapMb <= LaterCycleHeapMb * later && last.Connections <= first.Connections + LaterConnections;
        rows.Add(new([$"{Cycled} plugin folder added and removed {Cycles} times (after a forced full GC)",
            $"first cycle: VmRSS {first.RssMb - base0.RssMb:+0.0;-0.0} MB; cycles 2–{Cycles}: VmRSS {last.RssMb - first.RssMb:+0.0;-0.0} MB, " +
            $"managed heap {last.HeapMb - first.HeapMb:+0.0;-0.0} MB, connections {first.Connections} → {last.Connections}",
            $"first ≤ +{FirstCycleRssMb:0} MB; then ≤ +{LaterCycleRssMb * later:0} MB VmRSS, ≤ +{LaterCycleHeapMb * later:0} MB heap, ≤ +{LaterConnections} connections",
            cycleMet ? "yes" : "**no**"], cycleMet));
        var (tBase, tFirst, tLast) = (tieredCycles[0], tieredCycles[1], tieredCycles[^1]);
        rows.Add(new([$"the same with tiered compilation on, as the product runs (shown, not judged)",
            $"first cycle: VmRSS {tFirst.RssMb - tBase.RssMb:+0.0;-0.0} MB; cycles 2–{Cycles}: VmRSS {tLast.RssMb - tFirst.RssMb:+0.0;-0.0} MB " +
            $"(of which cycles 6–{Cycles}: {tLast.RssMb - tieredCycles[5].RssMb:+0.0;-0.0} MB), managed heap {tLast.HeapMb - tFirst.HeapMb:+0.0;-0.0} MB",
            "—", "—"], true));

        var judgedFrom = day.Start + warmUp;
        var figures = new StringBuilder($"Samples of the day (those before {judgedFrom.ToOffset(TimeSpan.FromHours(8)):ddd HH:mm}, the warm-up, are not judged):\n\n")
            .Append(day.SampleTable())
            .Append("\nPlugin cycles (cycle 0: before the first copy; each figure after the plugin was removed again and a forced full GC; " +
                    "judged: tiered compilation off; shown: on, as the product runs):\n\n")
            .AppendLine("| cycle | VmRSS | managed heap | RssAnon | connections | copy → serving | delete → gone | VmRSS, tiered | RssAnon, tiered |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (c, t) in cycles.Zip(tieredCycles))
            figures.AppendLine($"| {c.Number} | {c.RssMb:0.0} MB | {c.HeapMb:0.0} MB | {c.PrivateMb:0.0} MB | {c.Connections} | {c.ServeSeconds:0.0} s | {c.GoneSeconds:0.0} s | {t.RssMb:0.0} MB | {t.PrivateMb:0.0} MB |");

        return new Section("A day in an hour: memory and connections on a fast fake clock, a plugin added and removed", $"""
            `NetInfoSuite.FakeClockHost` (the host as Program builds it; `NETINFO_FAKE_SPEED` = {speed:0}: its fake clock advanced every
            50 ms by the real time elapsed × {speed:0}, so its recurring work, tokens and deadlines run on simulated time) as its own
            process with every module ({string.Join(", ", Modules)}), plugins from disk, on the suite's durable PostgreSQL. Seeded first on a
            stopped clock: a city of 2 counties, 4 streets and 8 communities, {groups:N0} grid groups, {accounts} active accounts and their
            metrics from Sunday to Friday. Then {hours:0.#} simulated hours to Sunday 00:30 (Saturday is the week's last day): every
            {every.TotalMinutes:0} simulated minutes the city issues a directive to every group (one in three relayed and signed by
            counties and streets, one in three left unreported with a 40-minute deadline so 督办 escalates it); operators report
            whatever is released; every 30 minutes a piece for three accounts is drafted and approved by a reviewer; every hour
            today's metrics come in and a rectification notice due today is issued; after midnight the week's ranking is published.
            The host process's VmRSS and RssAnon (/proc) and its connections (pg_stat_activity for its database, the suite's own
            left out) are sampled {Every(sampleEvery)}. Flat means, as stated before the run: over the samples taken after the
            host's warm-up (its first {WarmUpReal.TotalSeconds:0} s of real time, here the first {warmUp.TotalHours:0.#} simulated hour{(warmUp.TotalHours == 1 ? "" : "s")}: shown, not judged),
            the last third's median at most 15 % above the first third's (connections: or 3 more) and no rise at every step.

            Then a host on a stopped clock with every module but {Cycled}: its plugin folder is copied in (beside, then moved into
            place) until `/api/modules` lists it loaded and its API answers, and deleted until neither, {Cycles} times
            (`PluginsPollSeconds` 0.5, `PluginsSettleSeconds` 1). After each removal the test host forces a full compacting GC
            and then an aggressive one, which gives the collector's free memory back to the system (`POST /__fake-clock/gc`), and
            VmRSS, the managed heap and the connections are read. The judged host runs with tiered compilation off
            (`DOTNET_TieredCompilation=0`): with it on, the host's own hot code is compiled again, optimised, during the first
            cycles, memory the runtime spends once (ADR 0041); a second host with it on, as the product runs, is shown beside it. The bound, stated before measuring:
            the plugin's assemblies share types with the host (contracts, MediatR, Marten, Autofac), so they are loaded into a load
            context that is not collectible and stay for the process's life (ADR 0019): the first cycle may cost up to
            {FirstCycleRssMb:0} MB. The same build added again is the same content and is not loaded again, so cycles 2–{Cycles} may add only
            what replaced generations leave: at most {LaterCycleRssMb:0} MB VmRSS and {LaterCycleHeapMb:0} MB of managed heap per cycle, and no
            more than {LaterConnections} connections in all.
            """, ["what", "found", "goal", "met"], rows, figures.ToString());
    }
}
