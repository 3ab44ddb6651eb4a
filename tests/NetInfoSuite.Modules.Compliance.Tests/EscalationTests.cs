using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>逾期督办 under a fake clock with two host instances on one database, and the compliance summary as inspection
/// reads it. A world of its own: the clock moves forward here.</summary>
public sealed class EscalationTests(EscalationTests.World world) : IClassFixture<EscalationTests.World>
{
    public sealed class World(PostgresServer postgres) : ComplianceWorld(postgres);

    private const string Api = "/api/compliance";

    [Fact]
    public async Task An_overdue_notice_is_told_once_to_the_recipient_and_the_issuer_across_two_instances()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var street = await ComplianceWorld.FreshAsync(world.Street);
        var (late, number) = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(1), "逾期事项");
        var (reported, _) = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(1), "已报告事项");
        (await street.PostAsJsonAsync($"{Api}/notices/{reported}/acknowledge", new { })).EnsureSuccessStatusCode();
        (await street.PostAsJsonAsync($"{Api}/notices/{reported}/report", new { report = "已整改完毕" })).EnsureSuccessStatusCode();

        // On the deadline day nothing is overdue yet; the day after, it is.
        world.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await (await (await ComplianceWorld.FreshAsync(world.Officer)).PostAsync($"{Api}/notices/escalate", null))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("overdue").GetInt32());
        Assert.False((await (await ComplianceWorld.FreshAsync(world.Officer)).GetFromJsonAsync<JsonElement>($"{Api}/notices/{late}")).GetProperty("overdue").GetBoolean());
        world.Clock.Advance(TimeSpan.FromDays(1));
        await using var second = await TestHost.StartOnAsync(world.Host.ConnectionString, PluginFolder.With("directory", "compliance"), world.Clock);
        var a = await ComplianceWorld.FreshAsync(world.Officer);
        var b = second.NewClient();
        await b.SignInAsync(world.Officer.Login, "User#Pass-2026");
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? a : b).PostAsync($"{Api}/notices/escalate", null)));
        Assert.All(runs, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var told = 0;
        foreach (var run in runs) told += (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("overdue").GetInt32();
        await world.Host.OutboxDeliveredAsync();
        await second.OutboxDeliveredAsync();

        // The late one, once (the host's own run every minute may have told it as the clock moved); the one waiting for
        // verification is not overdue.
        Assert.InRange(told, 0, 1);
        await using (var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("select notice_id from compliance.notice_escalations", connection);
            var claimed = new List<Guid>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) claimed.Add(reader.GetGuid(0));
            Assert.Equal([late], claimed);
        }
        Assert.Single(await OverdueNoticesAsync(world.Street, late));
        Assert.Single(await OverdueNoticesAsync(world.Officer, late));
        Assert.Empty(await OverdueNoticesAsync(world.Street, reported));
        var view = await a.GetFromJsonAsync<JsonElement>($"{Api}/notices/{late}");
        Assert.True(view.GetProperty("overdue").GetBoolean());
        var list = await a.GetStringAsync("/compliance/notices?filter=Overdue");
        Assert.Contains(WebUtility.HtmlEncode(number), list);

        // What inspection reads for 宁安 (the street lies under it) and for 东宁 (nothing).
        var summary = await world.Host.SendAsSystemAsync(new Contracts.Compliance.GetComplianceSummary(
            new Contracts.Kernel.OrgUnitId(world.CountyA), world.Today.AddDays(-30), world.Today));
        var other = await world.Host.SendAsSystemAsync(new Contracts.Compliance.GetComplianceSummary(
            new Contracts.Kernel.OrgUnitId(world.CountyB), world.Today.AddDays(-30), world.Today));
        Assert.True(summary.NoticesIssued >= 2);
        Assert.True(summary.NoticesOverdue >= 1);
        Assert.Equal(summary.NoticesIssued, summary.NoticesOpen + summary.NoticesClosed);
        Assert.Equal(0, other.NoticesIssued);
    }

    private static async Task<List<JsonElement>> OverdueNoticesAsync((HttpClient Client, string Login) user, Guid notice)
    {
        var inbox = await (await ComplianceWorld.FreshAsync(user)).GetFromJsonAsync<JsonElement>("/api/notifications?pageSize=200");
        return inbox.GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "notice-overdue" && n.GetProperty("link").GetString() == $"/compliance/notices/{notice}").ToList();
    }
}
