using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>逾期提醒 sent by several runs at the same moment, as every instance runs it each minute.</summary>
public sealed class OverdueReminderRaceTests(RacingRemindersWorld world) : IClassFixture<RacingRemindersWorld>
{
    [Fact]
    public async Task Twenty_runs_at_once_tell_each_overdue_finding_once_to_its_inspector()
    {
        var inspector = await FreshAsync(world.Inspector);
        for (var t = 0; t < 5; t++)
        {
            var tour = await TourSteps.CreateAsync(inspector, $"逾期竞争巡察{t}", world.CountyA, world.CountyB);
            foreach (var unit in new[] { world.CountyA, world.CountyB })
                await Ok(inspector.PostAsJsonAsync($"/api/inspection/tours/{tour}/findings", new
                {
                    problem = $"竞争问题{t}-{(unit == world.CountyA ? "A" : "B")}", severity = "Minor", unit, deadline = world.Today.ToString("yyyy-MM-dd"),
                }));
        }
        world.Clock.Advance(TimeSpan.FromDays(1));
        inspector = await FreshAsync(world.Inspector);

        var told = (await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            (await Ok(inspector.PostAsync("/api/inspection/tours/remind-overdue", null))).GetProperty("reminded").GetInt32()))).Sum();
        await world.Host.OutboxDeliveredAsync();

        Assert.Equal(10, told);
        var mine = (await Ok((await FreshAsync(world.Inspector)).GetAsync("/api/notifications?pageSize=200"))).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "inspection-finding-overdue").Select(n => n.GetRawText()).ToList();
        Assert.Equal(10, mine.Count);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Single(mine, n => n.Contains($"竞争问题{i / 2}-{(i % 2 == 0 ? "A" : "B")}")));
    }
}
