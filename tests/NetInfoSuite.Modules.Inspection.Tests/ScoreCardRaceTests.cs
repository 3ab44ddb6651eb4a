using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>Scorers and publishers acting on one plan at the same moment: entries on one card are kept whole or refused with
/// 409; a card is finalised at most once and keeps every entry that answered 200; results and the bulletin are published once.</summary>
public sealed class ScoreCardRaceTests(InspectionAloneWorld world) : IClassFixture<InspectionAloneWorld>
{
    private const string Api = "/api/inspection";

    /// <summary>A plan of 20 manual indicators of 5 points for the two counties: its id and the indicators.</summary>
    private async Task<(Guid Plan, List<Guid> Indicators)> PlanAsync(HttpClient inspector, string name)
    {
        var plan = await InspectionWorld.PlanAsync(inspector, name);
        var indicators = new List<Guid>();
        for (var i = 0; i < 20; i++) indicators.Add(await IndicatorAsync(inspector, plan, $"指标{i}", 5, "Manual"));
        await GroupAsync(inspector, plan, "县（市、区）", world.CountyA, world.CountyB);
        return (plan, indicators);
    }

    private static Dictionary<Guid, double?> Scores(JsonElement card) => card.GetProperty("entries").EnumerateArray()
        .ToDictionary(e => e.GetProperty("indicator").GetProperty("id").GetGuid(), e => e.GetProperty("score") is { ValueKind: JsonValueKind.Number } s ? s.GetDouble() : (double?)null);

    [Fact]
    public async Task Two_scorers_entering_twenty_indicators_of_one_card_at_once_keep_each_entry_or_refuse_it_whole()
    {
        var (inspector, admin) = (await FreshAsync(world.Inspector), await FreshAsync(world.CityAdmin));
        var (plan, indicators) = await PlanAsync(inspector, "并发打分方案");
        var before = new Dictionary<Guid, double?>(indicators.Select(i => KeyValuePair.Create(i, (double?)null)));

        // First on a card not yet stored (each request makes it), then again on the stored card, with other scores.
        foreach (var round in new[] { 1.0, 2.0 })
        {
            var answers = await Task.WhenAll(indicators.Select((indicator, i) =>
                (i % 2 == 0 ? inspector : admin).PutAsJsonAsync($"{Api}/plans/{plan}/cards/{world.CountyA}/entries/{indicator}", new { score = round + i % 3 })));
            var stored = Scores(await CardAsync(inspector, plan, world.CountyA));
            var failures = new List<string>();
            foreach (var ((indicator, answer), i) in indicators.Zip(answers).Select((x, i) => (x, i)))
            {
                var expected = answer.StatusCode == HttpStatusCode.OK ? round + i % 3 : before[indicator];
                if (answer.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
                    failures.Add($"round {round}, 指标{i}: answered {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                else if (stored[indicator] != expected)
                    failures.Add($"round {round}, 指标{i}: answered {(int)answer.StatusCode}, stored {stored[indicator]}, expected {expected}");
            }
            Assert.Empty(failures);
            foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict)) await Race.AssertConcurrentChangeAsync(refused);
            before = stored;
        }
    }

    [Fact]
    public async Task A_card_finalised_ten_times_while_ten_entries_are_made_is_final_once_and_keeps_every_entry_that_answered_200()
    {
        var (inspector, admin) = (await FreshAsync(world.Inspector), await FreshAsync(world.CityAdmin));
        var (plan, indicators) = await PlanAsync(inspector, "确认与打分并发方案");
        await EnterAsync(inspector, plan, world.CountyB, indicators[0], 5);

        var finalises = Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? inspector : admin).PostAsync($"{Api}/plans/{plan}/cards/{world.CountyB}/finalise", null));
        var entries = indicators.Skip(1).Take(10).Select(indicator =>
            admin.PutAsJsonAsync($"{Api}/plans/{plan}/cards/{world.CountyB}/entries/{indicator}", new { score = 3 })).ToList();
        var answers = await Task.WhenAll(finalises.Concat(entries));

        // Each finalisation races the entries too: all may lose to them (409), but at most one wins, and then the card is final.
        var card = await CardAsync(inspector, plan, world.CountyB);
        var won = answers[..10].Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.True(won <= 1, $"{won} finalisations answered 200");
        Assert.Equal(won == 1, card.GetProperty("final").GetBoolean());
        foreach (var refused in answers[..10].Where(a => a.StatusCode != HttpStatusCode.OK)) await RefusedAsync(refused, "已确认");
        var stored = Scores(card);
        foreach (var (indicator, answer) in indicators.Skip(1).Take(10).Zip(answers[10..]))
        {
            if (answer.StatusCode == HttpStatusCode.OK) Assert.Equal(3, stored[indicator]);
            else
            {
                await RefusedAsync(answer, "已确认");
                Assert.Null(stored[indicator]);
            }
        }
        Assert.Equal(5, stored[indicators[0]]);
    }

    [Fact]
    public async Task Results_published_twenty_times_at_once_are_published_once_and_the_bulletin_sent_once()
    {
        var (inspector, admin) = (await FreshAsync(world.Inspector), await FreshAsync(world.CityAdmin));
        var (plan, indicators) = await PlanAsync(inspector, "并发发布方案");
        await EnterAsync(inspector, plan, world.CountyA, indicators[0], 4); // the other county has no card yet

        var published = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => admin.PostAsync($"{Api}/plans/{plan}/publish", null)));

        Assert.Equal(1, published.Count(a => a.StatusCode == HttpStatusCode.OK));
        foreach (var refused in published.Where(a => a.StatusCode != HttpStatusCode.OK)) await RefusedAsync(refused, "已发布");
        var sheet = await Ok(inspector.GetAsync($"{Api}/plans/{plan}/scores"));
        Assert.Equal("Published", sheet.GetProperty("plan").GetProperty("status").GetString());
        Assert.All(sheet.GetProperty("groups")[0].GetProperty("rows").EnumerateArray(), r => Assert.True(r.GetProperty("final").GetBoolean()));
        var cards = await Race.TextsAsync(world.Host.ConnectionString, "select data->>'unit' from inspection.mt_doc_scorecard where data->>'plan' = $1", plan.ToString());
        Assert.Equal(new[] { world.CountyA, world.CountyB }.Select(u => u.ToString()).Order(), cards.Order());

        var bulletins = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => admin.PostAsJsonAsync($"{Api}/plans/{plan}/bulletin", new { number = "牡网信通〔2026〕1号" })));

        Assert.Equal(1, bulletins.Count(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in bulletins.Where(a => !a.IsSuccessStatusCode)) await RefusedAsync(refused, "已印发");
        // One notice per target unit, from the one bulletin that was stored.
        var told = await Race.TextsAsync(world.Host.ConnectionString, "select body->'to'->>'orgUnit' from platform.outbox where body->>'link' = $1",
            $"/inspection/bulletins/{plan}");
        Assert.Equal(new[] { world.CountyA, world.CountyB }.Select(u => u.ToString()).Order(), told.Order());
    }

    [Fact]
    public async Task Twenty_indicators_added_to_one_plan_at_once_are_each_kept_or_refused_whole()
    {
        var inspector = await FreshAsync(world.Inspector);
        var plan = await InspectionWorld.PlanAsync(inspector, "并发加指标方案");
        var names = Enumerable.Range(0, 20).Select(i => $"并发指标{i}").ToList();

        var answers = await Task.WhenAll(names.Select(name =>
            inspector.PostAsJsonAsync($"{Api}/plans/{plan}/indicators", new { name, points = 5, method = "Manual" })));

        var view = await Ok(inspector.GetAsync($"{Api}/plans/{plan}"));
        await Race.KeptOrRefusedWholeAsync(names, answers, view.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList());
    }

    /// <summary>A request that lost its race: 409 (changed at the same time), or 400 saying in Chinese that it is done already.</summary>
    private static async Task RefusedAsync(HttpResponseMessage answer, string already)
    {
        var body = await answer.Content.ReadAsStringAsync();
        if (answer.StatusCode == HttpStatusCode.Conflict) await Race.AssertConcurrentChangeAsync(answer);
        else
        {
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{(int)answer.StatusCode} {body}");
            Assert.Contains(already, body);
        }
    }
}
