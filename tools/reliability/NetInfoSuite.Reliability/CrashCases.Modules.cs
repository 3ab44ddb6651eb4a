using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using NetInfoSuite.Testing;

/// <summary>The inspection and netizen-registry modules' remaining operations killed mid-way: a bulletin sent, a selection's
/// votes, a personality's data erased.</summary>
internal static partial class CrashCases
{
    private const string Registry = "/api/netizen-registry";

    /// <summary>印发通报: the bulletin with one inbox message per target unit, or neither; afterwards each target unit's
    /// person is told once (the outbox's Notify, delivered after the restart).</summary>
    private static async Task<Tally> BulletinAsync(Rig rig, int kills)
    {
        var tally = new Tally("bulletin sent (inspection) to 8 target units each");
        var (db, loop, world) = await StartWorldAsync(rig, "bulletin", 2, 3, 1, ["inspection"]);
        await using var owned = loop;
        var office = await World.ClientAsync(loop.Host, World.CityLogin);
        var plans = await InspectionPlans.TemplateAsync(office, world);
        // Each round a plan of its own, its results published before the kill window (a bulletin needs them).
        async Task<Guid> Published(HttpClient client, string name)
        {
            var plan = await plans.CopyAsync(client, name);
            await InspectionPlans.PublishAsync(client, plan);
            return plan;
        }
        static Task Send(HttpClient client, Guid plan) => Rig.Json(client.PostAsJsonAsync($"/api/inspection/plans/{plan}/bulletin", new { number = (string?)null }));

        var first = await Published(office, "通报 基准");
        var span = await KillLoop.TimeAsync(() => Send(office, first)) * 1.5;
        var sent = new List<Guid> { first };
        for (var round = 0; round < kills; round++)
        {
            var client = await World.ClientAsync(loop.Host, World.CityLogin);
            var plan = await Published(client, $"通报 第{round}轮");
            var acknowledged = await loop.KillDuringAsync(() => Send(client, plan), span);
            tally.Killed++;
            var (outcome, detail) = await BulletinStateAsync(db, plan, plans.Targets.Length);
            tally.Add(outcome, acknowledged, $"round {round}: {detail}");
            if (outcome == Outcome.Absent)
            {
                await Send(await World.ClientAsync(loop.Host, World.CityLogin), plan);
                if (await BulletinStateAsync(db, plan, plans.Targets.Length) is (not Outcome.Complete, var state)) tally.Finding($"round {round}, sent again: {state}");
            }
            if (outcome != Outcome.Half) sent.Add(plan);
        }
        // Delivered after the restarts: each target unit's one person told once per bulletin, nobody else.
        if (await Rig.OutboxSettledAsync(db, TimeSpan.FromMinutes(5)) is var dead and > 0) tally.Finding($"{dead} outbox message(s) dead");
        var notifications = await NotificationsTableAsync(db);
        foreach (var plan in sent)
        {
            var told = (await Rig.RowsAsync(db, $"""
                select count(*), count(distinct data->>'userId') from {notifications} where data->>'kind' = 'inspection-bulletin' and data->>'link' = $1
                """, $"/inspection/bulletins/{plan}")).Single();
            var (count, people) = ((long)told[0], (long)told[1]);
            tally.Duplicates += (int)(count - people);
            if (people != plans.Targets.Length) tally.Finding($"bulletin {plan}: {people} of {plans.Targets.Length} target units' people told");
        }
        tally.Duplicates += (int)await Rig.ScalarAsync<long>(db, """
            select coalesce(sum(n - 1), 0)::bigint from (select count(*) as n from platform.outbox where type like '%.Notify'
              and body::text like '%/inspection/bulletins/%' group by md5(body::text)) x
            """);
        return tally;
    }

    private static async Task<(Outcome, string)> BulletinStateAsync(string db, Guid plan, int targets)
    {
        var row = (await Rig.RowsAsync(db, """
            select (select count(*) from inspection.mt_doc_bulletin b where b.id = $1),
              (select count(*) from platform.outbox o where o.type like '%.Notify' and o.body::text like '%/inspection/bulletins/' || $1::text || '%')
            """, plan)).Single();
        var (bulletins, messages) = ((long)row[0], (long)row[1]);
        var detail = $"{bulletins} bulletin(s), {messages} of {targets} inbox messages";
        if (bulletins == 1 && messages == targets) return (Outcome.Complete, detail);
        return bulletins == 0 && messages == 0 ? (Outcome.Absent, detail) : (Outcome.Half, detail);
    }

    /// <summary>A selection's public votes: many voters (each with a confirmed number) vote at once for one candidate a
    /// round. After the kill each voter's vote is a whole row or none; an acknowledged one is there; one not there is
    /// sent again and accepted once; the selection's tally for the round's candidate is then exactly the voters.</summary>
    private static async Task<Tally> VotesAsync(Rig rig, int kills)
    {
        var voters = rig.Quick ? 100 : 300;
        var tally = new Tally($"a selection's votes, {voters} voters at once");
        // Every voter comes from one address: the per-address limit is raised; one-time codes are read from the log channel.
        var (db, loop, world) = await StartWorldAsync(rig, "votes", 1, 1, 1, ["netizen-registry"],
            "--NetizenRegistry:Voting:PerAddressPerMinute=1000000", "--Serilog:MinimumLevel:Override:NetInfoSuite.Host.Shell.LogNotificationChannel=Information");
        await using var owned = loop;
        var (selection, candidates) = await SelectionInVotingAsync(loop.Host, world, kills + 1);
        var tokens = await VoterTokensAsync(loop.Host, selection, voters);
        HttpClient Anonymous() => new() { BaseAddress = loop.Host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        Task<HttpResponseMessage> Ballot(HttpClient client, string token, Guid candidate) =>
            client.PostAsJsonAsync($"{Registry}/vote/{selection}/ballots", new { token, candidateId = candidate });
        Func<Task> Burst(Guid candidate, ConcurrentBag<int> acknowledged) => () =>
        {
            var client = Anonymous();
            return Task.WhenAll(tokens.Select(async (token, i) =>
            {
                await Rig.Json(Ballot(client, token, candidate));
                acknowledged.Add(i);
            }));
        };
        var tokenHashes = tokens.Select(t => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(t)))).ToArray();
        // Per voter (by the hash of their token, as the module keeps it): whole vote rows and rows missing a field, for the candidate.
        async Task<Dictionary<string, (long Whole, long Broken)>> StoredAsync(Guid candidate) =>
            (await Rig.RowsAsync(db, """
                select c.data->>'tokenHash',
                  count(v.id) filter (where v.data->>'day' is not null and v.data->>'at' is not null and v.data->>'selectionId' = $1::text),
                  count(v.id) filter (where v.data->>'day' is null or v.data->>'at' is null or v.data->>'selectionId' is distinct from $1::text)
                from netizen_registry.mt_doc_votecode c
                left join netizen_registry.mt_doc_vote v on v.data->>'voter' = c.data->>'voter' and v.data->>'candidateId' = $2::text
                where c.data->>'selectionId' = $1::text and c.data->>'tokenHash' is not null group by 1
                """, selection, candidate)).ToDictionary(r => (string)r[0], r => ((long)r[1], (long)r[2]));

        var span = await KillLoop.TimeAsync(Burst(candidates[0], [])) * 1.5;
        for (var round = 0; round < kills; round++)
        {
            var candidate = candidates[round + 1];
            var acked = new ConcurrentBag<int>();
            await loop.KillDuringAsync(Burst(candidate, acked), span);
            tally.Killed++;
            var stored = await StoredAsync(candidate);
            var absent = new List<int>();
            for (var i = 0; i < voters; i++)
            {
                var (whole, broken) = stored.GetValueOrDefault(tokenHashes[i]);
                if (whole > 1) tally.Duplicates += (int)whole - 1;
                var outcome = whole == 1 && broken == 0 ? Outcome.Complete : whole == 0 && broken == 0 ? Outcome.Absent : Outcome.Half;
                tally.Add(outcome, acked.Contains(i), $"round {round}, voter {i}: {whole} vote(s), {broken} broken");
                if (outcome == Outcome.Absent) absent.Add(i);
            }
            Console.Error.WriteLine($"reliability: votes, round {round}: {voters - absent.Count} of {voters} stored, {acked.Count} acknowledged");
            // Not stored: the voter votes again and is accepted once (a second ballot the same day would be refused).
            var again = Anonymous();
            foreach (var i in absent)
                if (await Ballot(again, tokens[i], candidate) is { IsSuccessStatusCode: false } refused)
                    tally.Finding($"round {round}, voter {i} voting again: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            // The tally the officers see: every voter's vote for the round's candidate counted once, and so many rows.
            var office = await World.ClientAsync(loop.Host, World.CityLogin);
            var view = await Rig.Json(office.GetAsync($"{Registry}/selections/{selection}"));
            var counted = view.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == candidate).GetProperty("votes").GetInt64();
            var rows = await Rig.ScalarAsync<long>(db, "select count(*) from netizen_registry.mt_doc_vote where data->>'candidateId' = $1::text", candidate);
            if (counted != voters || rows != voters) tally.Finding($"round {round}: tally {counted}, {rows} vote rows, for {voters} voters");
        }
        tally.Duplicates += (int)await Rig.ScalarAsync<long>(db, """
            select count(*) - count(distinct (data->>'voter', data->>'candidateId', data->>'day')) from netizen_registry.mt_doc_vote
            """);
        return tally;
    }

    /// <summary>A city selection in its voting stage: <paramref name="count"/> personalities of the first county nominated by
    /// its administrator and passed by the city's (four eyes), voting open from today (Beijing) for three days.</summary>
    private static async Task<(Guid Selection, Guid[] Candidates)> SelectionInVotingAsync(HostProcess host, World world, int count)
    {
        var city = await World.ClientAsync(host, World.CityLogin);
        var county = await World.ClientAsync(host, "rel-county-0");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var id = (await Rig.Json(city.PostAsJsonAsync($"{Registry}/selections", new
        {
            name = "可靠性 最美好网民评选", honourTitle = "可靠性 最美好网民", unitId = world.City, jurors = new[] { World.CityLogin },
            voteFrom = today, voteTo = today.AddDays(2), winners = 1,
        }))).GetProperty("id").GetGuid();
        for (var i = 0; i < count; i++)
        {
            var profile = await ProfileAsync(county, world.Counties[0], $"候选网友{i:00}", null);
            await Rig.Json(county.PostAsJsonAsync($"{Registry}/selections/{id}/nominations", new { profileId = profile, reason = "长期传播正能量" }));
        }
        await Rig.Json(city.PostAsJsonAsync($"{Registry}/selections/{id}/stage", new { to = "Qualification" }));
        var candidates = (await Rig.Json(city.GetAsync($"{Registry}/selections/{id}"))).GetProperty("candidates").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid()).Order().ToArray();
        foreach (var c in candidates)
            await Rig.Json(city.PostAsJsonAsync($"{Registry}/selections/{id}/reviews", new { candidateId = c, qualified = true, note = "符合条件" }));
        await Rig.Json(city.PostAsJsonAsync($"{Registry}/selections/{id}/stage", new { to = "Scoring" }));
        return (id, candidates);
    }

    /// <summary>Confirmed voters: a code asked for each number (1390000NNNN: the masked form 139****NNNN is unique), read
    /// from the host's log channel and confirmed; their tokens (kept 30 minutes by the module).</summary>
    private static async Task<string[]> VoterTokensAsync(HostProcess host, Guid selection, int voters)
    {
        var client = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        var mobiles = Enumerable.Range(0, voters).Select(i => $"1390000{i:0000}").ToArray();
        var requests = new string[voters];
        await Parallel.ForEachAsync(Enumerable.Range(0, voters), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            requests[i] = (await Rig.Json(client.PostAsJsonAsync($"{Registry}/vote/{selection}/code", new { mobile = mobiles[i] })))
                .GetProperty("requestId").GetString()!);
        var codes = new Dictionary<string, string>();
        for (var until = DateTime.UtcNow.AddSeconds(30); codes.Count < voters; await Task.Delay(100))
        {
            codes = Regex.Matches(host.Output, @"for ""?(139\*\*\*\*\d{4})""?: .*?投票验证码 (\d{6})")
                .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Last().Groups[2].Value);
            if (DateTime.UtcNow > until) throw new InvalidOperationException($"{codes.Count} of {voters} voting codes found in the host's log");
        }
        var tokens = new string[voters];
        await Parallel.ForEachAsync(Enumerable.Range(0, voters), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            tokens[i] = (await Rig.Json(client.PostAsJsonAsync($"{Registry}/vote/{selection}/confirm",
                new { requestId = requests[i], code = codes["139****" + mobiles[i][^4..]] }))).GetProperty("token").GetString()!);
        return tokens;
    }

    /// <summary>A personality of <paramref name="unit"/>, with a real name and mobile number when <paramref name="mobile"/> is given.</summary>
    private static async Task<Guid> ProfileAsync(HttpClient client, Guid unit, string alias, string? mobile) =>
        (await Rig.Json(client.PostAsJsonAsync($"{Registry}/profiles", new
        {
            alias, field = "SelfMedia", unitId = unit, consent = "Consented", consentOn = "2026-11-01",
            platforms = new[] { new { platform = "Douyin", handle = alias + "_dy", followers = 20_000 } },
            contact = mobile is null ? null : new { realName = "张试验", mobile, email = (string?)null, weChat = (string?)null },
        }))).GetProperty("id").GetGuid();

    /// <summary>个人信息删除: several personalities' data erased at once, each with a talk of their own and one forum all
    /// of them attended. Each is found erased completely (no personal data, out of every interaction, one processing
    /// record of the erasure) or not at all (everything as it was); one not erased is erased again and must come out whole.</summary>
    private static async Task<Tally> EraseAsync(Rig rig, int kills)
    {
        const int people = 10;
        var tally = new Tally($"personal data erased, {people} personalities at once");
        var (db, loop, world) = await StartWorldAsync(rig, "erase", 1, 1, 1, ["netizen-registry"]);
        await using var owned = loop;
        var admin = await World.ClientAsync(loop.Host, "admin", Rig.AdminPassword);
        await Rig.Json(admin.PostAsJsonAsync("/api/users", new
        {
            login = "rel-registry", name = "可靠性登记员", orgUnitId = world.City, roles = new[] { "RegistryOfficer" }, password = Rig.UserPassword, temporary = false,
        }));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        // A round's personalities: each in a talk of its own and all together in one forum.
        async Task<Guid[]> Registered(HttpClient officer, int round)
        {
            var ids = new Guid[people];
            for (var i = 0; i < people; i++)
            {
                ids[i] = await ProfileAsync(officer, world.Counties[0], $"删除{round:00}网友{i}", $"1370{round + 1:000}{i:0000}");
                await Rig.Json(officer.PostAsJsonAsync($"{Registry}/interactions", new { kind = "Visit", on = today, profiles = new[] { ids[i] }, staff = "试验", summary = "走访" }));
            }
            await Rig.Json(officer.PostAsJsonAsync($"{Registry}/interactions", new { kind = "Forum", on = today, profiles = ids, staff = "试验", summary = "座谈会" }));
            return ids;
        }
        static Func<Task> Erase(HttpClient officer, Guid[] ids, ConcurrentBag<Guid> acknowledged) => () => Task.WhenAll(ids.Select(async id =>
        {
            await Rig.Json(officer.PostAsJsonAsync($"{Registry}/profiles/{id}/anonymise", new { purpose = "本人申请删除个人信息" }));
            acknowledged.Add(id);
        }));

        var officer = await World.ClientAsync(loop.Host, "rel-registry");
        var span = await KillLoop.TimeAsync(Erase(officer, await Registered(officer, 0), [])) * 1.5;
        for (var round = 1; round <= kills; round++)
        {
            officer = await World.ClientAsync(loop.Host, "rel-registry");
            var ids = await Registered(officer, round);
            var acked = new ConcurrentBag<Guid>();
            await loop.KillDuringAsync(Erase(officer, ids, acked), span);
            tally.Killed++;
            var absent = new List<Guid>();
            foreach (var id in ids)
            {
                var (outcome, detail) = await ErasureStateAsync(db, id);
                tally.Add(outcome, acked.Contains(id), $"round {round}: {detail}");
                if (outcome == Outcome.Absent) absent.Add(id);
            }
            officer = await World.ClientAsync(loop.Host, "rel-registry");
            await Erase(officer, [.. absent], [])();
            foreach (var id in absent)
                if (await ErasureStateAsync(db, id) is (not Outcome.Complete, var state)) tally.Finding($"round {round}, erased again: {state}");
        }
        tally.Duplicates = (int)await Rig.ScalarAsync<long>(db, """
            select coalesce(sum(n - 1), 0)::bigint from (select count(*) as n from netizen_registry.mt_doc_processingrecord
              where data->>'kind' = 'Anonymised' group by data->>'profileId') x
            """);
        return tally;
    }

    private static async Task<(Outcome, string)> ErasureStateAsync(string db, Guid id)
    {
        var row = (await Rig.RowsAsync(db, """
            select p.data->>'anonymisedAt' is not null, p.data->>'alias',
              coalesce(jsonb_typeof(p.data->'mobile'), 'null') <> 'null' or coalesce(jsonb_typeof(p.data->'realName'), 'null') <> 'null'
                or p.data->>'mobileIndex' is not null or p.data->'masked'->>'mobile' is not null,
              (select count(*) from netizen_registry.mt_doc_interaction i where i.data->'profiles' @> to_jsonb($1::text)),
              (select count(*) from netizen_registry.mt_doc_processingrecord r where r.data->>'profileId' = $1::text and r.data->>'kind' = 'Anonymised')
            from netizen_registry.mt_doc_profile p where p.id = $1
            """, id)).Single();
        var (erased, alias, personal, interactions, records) = ((bool)row[0], (string)row[1], (bool)row[2], (long)row[3], (long)row[4]);
        var detail = $"{alias}: erased {erased}, personal data {(personal ? "kept" : "gone")}, in {interactions} interaction(s), {records} erasure record(s)";
        if (erased && alias == "已匿名化" && !personal && interactions == 0 && records == 1) return (Outcome.Complete, detail);
        return !erased && alias != "已匿名化" && personal && interactions == 2 && records == 0 ? (Outcome.Absent, detail) : (Outcome.Half, detail);
    }

    /// <summary>The office's evaluation plan for the year from the built-in template, the counties and streets its targets;
    /// each case round works on a copy.</summary>
    private sealed record InspectionPlans(Guid Template, int Year, Guid[] Targets)
    {
        public static async Task<InspectionPlans> TemplateAsync(HttpClient office, World world)
        {
            var year = DateTime.UtcNow.AddHours(8).Year;
            var template = (await Rig.Json(office.PostAsJsonAsync("/api/inspection/plans", new { name = "考评 模板", year, template = "gov-new-media" })))
                .GetProperty("id").GetGuid();
            Guid[] targets = [.. world.Counties, .. world.Streets];
            await Rig.Json(office.PostAsJsonAsync($"/api/inspection/plans/{template}/groups", new { name = "县区和街道", units = targets }));
            return new(template, year, targets);
        }

        public async Task<Guid> CopyAsync(HttpClient client, string name) =>
            (await Rig.Json(client.PostAsJsonAsync("/api/inspection/plans", new { name, year = Year, copyFrom = Template }))).GetProperty("id").GetGuid();

        public static Task PublishAsync(HttpClient client, Guid plan) => Rig.Json(client.PostAsync($"/api/inspection/plans/{plan}/publish", null));
    }
}
