using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>Inspectors writing to one tour at the same moment, as a team on the road does: each write is kept whole, or
/// refused with 409 and nothing of it stored; none answers 200 and is lost.</summary>
public sealed class TourRaceTests(RacingRemindersWorld world) : IClassFixture<RacingRemindersWorld>
{
    [Fact]
    public async Task Twenty_visits_recorded_at_once_are_each_kept_or_refused_whole()
    {
        var inspector = await FreshAsync(world.Inspector);
        var tour = await TourSteps.CreateAsync(inspector, "并发走访巡察", world.CountyA);
        var places = Enumerable.Range(0, 20).Select(i => $"走访地点{i}").ToList();

        var answers = await Task.WhenAll(places.Select(place =>
            inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/visits", new { date = "2026-05-28", place, peopleMet = "网信办主任" })));

        var view = await Ok(inspector.GetAsync($"/api/inspection/tours/{tour}"));
        await Race.KeptOrRefusedWholeAsync(places, answers, view.GetProperty("visits").EnumerateArray().Select(v => v.GetProperty("place").GetString()!).ToList());
    }

    [Fact]
    public async Task Twenty_findings_added_at_once_are_each_kept_or_refused_whole()
    {
        var inspector = await FreshAsync(world.Inspector);
        var tour = await TourSteps.CreateAsync(inspector, "并发问题巡察", world.CountyA, world.CountyB);
        var problems = Enumerable.Range(0, 20).Select(i => $"并发发现的问题{i}").ToList();

        var answers = await Task.WhenAll(problems.Select((problem, i) => inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings",
            new { problem, severity = "Minor", unit = i % 2 == 0 ? world.CountyA : world.CountyB, deadline = "2026-06-30" })));

        await Race.KeptOrRefusedWholeAsync(problems, answers, await ProblemsAsync(inspector, tour));
    }

    [Fact]
    public async Task A_finding_closed_while_nineteen_are_added_keeps_the_closure_and_every_addition_that_answered_200()
    {
        var inspector = await FreshAsync(world.Inspector);
        var tour = await TourSteps.CreateAsync(inspector, "整改与新增并发巡察", world.CountyA);
        var first = (await Ok(inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings",
            new { problem = "先前发现的问题", severity = "Minor", unit = world.CountyA, deadline = "2026-06-30" }))).GetProperty("findings")[0].GetProperty("id").GetGuid();
        var problems = Enumerable.Range(0, 19).Select(i => $"整改时新增的问题{i}").ToList();

        var close = inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings/{first}/close", new { note = "已建立台账" });
        var adds = problems.Select(problem => inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings",
            new { problem, severity = "Minor", unit = world.CountyA, deadline = "2026-06-30" })).ToList();
        var answers = await Task.WhenAll(adds.Prepend(close));

        var view = await Ok(inspector.GetAsync($"/api/inspection/tours/{tour}"));
        var closed = view.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetGuid() == first);
        if (answers[0].StatusCode == HttpStatusCode.OK) Assert.True(closed.GetProperty("rectified").GetBoolean(), "the closure answered 200 but is not stored");
        else
        {
            await Race.AssertConcurrentChangeAsync(answers[0]);
            Assert.False(closed.GetProperty("rectified").GetBoolean());
        }
        await Race.KeptOrRefusedWholeAsync(problems, answers[1..], (await ProblemsAsync(inspector, tour)).Where(p => p != "先前发现的问题").ToList());
    }

    internal static async Task<List<string>> ProblemsAsync(HttpClient client, Guid tour) =>
        (await Ok(client.GetAsync($"/api/inspection/tours/{tour}"))).GetProperty("findings").EnumerateArray()
        .Select(f => f.GetProperty("problem").GetString()!).ToList();
}

/// <summary>Findings raced on one tour with compliance deployed: each opens a review case and a notice there before the tour
/// is saved, so a finding refused must leave no case or notice behind.</summary>
public sealed class TourFindingCaseRaceTests(RacingWritersWorld world) : IClassFixture<RacingWritersWorld>
{
    [Fact]
    public async Task Twenty_findings_added_at_once_are_each_kept_with_one_case_and_notice_or_refused_leaving_none()
    {
        var inspector = await FreshAsync(world.Inspector);
        var name = "并发立案巡察" + Guid.NewGuid().ToString("N")[..6];
        var tour = await TourSteps.CreateAsync(inspector, name, world.CountyA, world.CountyB);
        var problems = Enumerable.Range(0, 20).Select(i => $"立案问题{i}").ToList();

        var answers = await Task.WhenAll(problems.Select((problem, i) => inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings",
            new { problem, severity = "Moderate", unit = i % 2 == 0 ? world.CountyA : world.CountyB, deadline = "2026-06-30" })));

        var findings = (await Ok(inspector.GetAsync($"/api/inspection/tours/{tour}"))).GetProperty("findings").EnumerateArray().ToList();
        await Race.KeptOrRefusedWholeAsync(problems, answers, findings.Select(f => f.GetProperty("problem").GetString()!).ToList());
        // Read from compliance's tables: a case and a notice for each stored finding, none for a refused one.
        var cases = await Race.TextsAsync(world.Host.ConnectionString,
            "select data->>'sourceKey' from compliance.mt_doc_reviewcase where data->>'finding' like $1", name + "：%");
        var kept = findings.Select(f => $"inspection:finding:{f.GetProperty("id").GetGuid()}").ToList();
        Assert.True(cases.Count == kept.Count, $"{kept.Count} findings kept, {cases.Count} compliance cases opened for them");
        Assert.Equal(kept.Order(), cases.Order());
        Assert.All(findings, f => Assert.Equal(JsonValueKind.String, f.GetProperty("case").ValueKind));
        var notices = await Race.TextsAsync(world.Host.ConnectionString,
            "select data->>'problems' from compliance.mt_doc_notice where data->>'problems' like $1", name + "发现：%");
        Assert.True(notices.Count == kept.Count, $"{kept.Count} findings kept, {notices.Count} rectification notices issued for them");
        Assert.Equal(findings.Select(f => $"{name}发现：{f.GetProperty("problem").GetString()}").Order(), notices.Order());
    }
}

internal static class Race
{
    /// <summary>Each item whose request answered 200 is stored once; each other answered 409 (someone changed the record at the
    /// same time) and is not stored; nothing else is.</summary>
    public static async Task KeptOrRefusedWholeAsync(IReadOnlyList<string> items, IReadOnlyList<HttpResponseMessage> answers, IReadOnlyList<string> stored)
    {
        var failures = new List<string>();
        foreach (var (item, answer) in items.Zip(answers))
        {
            var count = stored.Count(s => s == item);
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                if (count != 1) failures.Add($"{item}: answered 200 but is stored {count} times");
            }
            else if (answer.StatusCode != HttpStatusCode.Conflict)
                failures.Add($"{item}: answered {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            else if (count != 0) failures.Add($"{item}: answered 409 but is stored");
        }
        failures.AddRange(stored.Where(s => !items.Contains(s)).Select(s => $"{s}: stored but never sent"));
        Assert.Empty(failures);
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict)) await AssertConcurrentChangeAsync(refused);
    }

    public static async Task AssertConcurrentChangeAsync(HttpResponseMessage answer)
    {
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var type = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();
        Assert.True(type is "urn:netinfo:problem:concurrent-change" or "urn:netinfo:problem:conflict", type);
    }

    /// <summary>The first column of a query's rows, read from the database itself.</summary>
    public static async Task<List<string>> TextsAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        var found = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(reader.IsDBNull(0) ? "" : reader.GetValue(0).ToString()!);
        return found;
    }
}
