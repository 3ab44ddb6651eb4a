using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>A personal export approved and downloaded by many requests at the same moment (two officers approving, a double
/// click on the download): approved once, made once, one processing record per person.</summary>
public sealed class ExportRaceTests(RegistryWorld world) : IClassFixture<RegistryWorld>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Twenty_approvals_then_twenty_downloads_at_once_approve_once_and_make_the_export_once()
    {
        var profile = await world.PersonAsync(world.NinganEditor, world.Ningan, "并发导出" + Guid.NewGuid().ToString("N")[..6], NewPerson());
        var (second, third) = (await world.Host.ClientForAsync(world.Ningan, "RegistryOfficer"), await world.Host.ClientForAsync(world.Ningan, "RegistryOfficer"));
        var purpose = "并发审批导出" + Guid.NewGuid().ToString("N")[..6];
        var export = (await (await world.NinganOfficer.PostAsJsonAsync($"{Api}/personal-exports", new { purpose }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var approvals = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? second : third).PostAsync($"{Api}/personal-exports/{export}/approve", null, Ct)));

        var approved = Assert.Single(approvals, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in approvals.Where(a => a != approved)) await RefusedAsync(refused, "该导出已审批");
        var listed = (await world.NinganOfficer.GetFromJsonAsync<JsonElement>($"{Api}/personal-exports", Ct)).EnumerateArray()
            .Single(e => e.GetProperty("id").GetGuid() == export);
        Assert.Equal("Approved", listed.GetProperty("state").GetString());
        Assert.Equal((await approved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("approvedBy").GetString(), listed.GetProperty("approvedBy").GetString());

        var downloads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => world.NinganOfficer.GetAsync($"{Api}/personal-exports/{export}/export", Ct)));

        var made = Assert.Single(downloads, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in downloads.Where(a => a != made)) await RefusedAsync(refused, "该导出已下载");
        var records = (await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{profile}/processing", Ct)).EnumerateArray()
            .Where(r => r.GetProperty("kind").GetString() == "Exported" && r.GetProperty("purpose").GetString() == purpose);
        Assert.Single(records);
    }

    /// <summary>A request that lost its race: 409 (changed at the same time), or 400 saying in Chinese that it is done already.</summary>
    internal static async Task RefusedAsync(HttpResponseMessage answer, string already)
    {
        var body = await answer.Content.ReadAsStringAsync();
        if (answer.StatusCode == HttpStatusCode.Conflict)
            Assert.Equal("urn:netinfo:problem:concurrent-change", JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
        else
        {
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{(int)answer.StatusCode} {body}");
            Assert.Contains(already, body);
        }
    }
}
