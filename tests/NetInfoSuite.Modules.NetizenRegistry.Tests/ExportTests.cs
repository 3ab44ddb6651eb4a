using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>Exports: the registry workbook is masked; one with personal data in full is made only after a second
/// officer approves, once, for the officer who asked, and each person in it gets a processing record with the purpose.</summary>
public sealed class ExportTests(RegistryWorld world) : IClassFixture<RegistryWorld>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_registry_workbook_shows_personal_data_masked()
    {
        var person = NewPerson();
        var alias = "导出" + Guid.NewGuid().ToString("N")[..6];
        await world.PersonAsync(world.NinganEditor, world.Ningan, alias, person);

        var rows = await Rows(await world.NinganEditor.GetAsync($"{Api}/profiles/export", Ct));

        var row = rows.Single(r => (string?)r["网名"] == alias);
        Assert.Equal($"{person.Mobile[..3]}****{person.Mobile[^4..]}", row["手机号码"]);
        Assert.Equal("欧***", row["真实姓名"]); // 欧阳 and two more: the first character only
        Assert.DoesNotContain(rows.SelectMany(r => r.Values).OfType<string>(), v => v.Contains(person.Mobile) || v.Contains(person.Name) || v.Contains(person.Email));
    }

    [Fact]
    public async Task A_personal_export_needs_a_second_officer_then_is_made_once_for_the_one_who_asked_and_recorded_per_person()
    {
        var person = NewPerson();
        var id = await world.PersonAsync(world.NinganEditor, world.Ningan, "全量" + Guid.NewGuid().ToString("N")[..6], person);
        var second = await world.Host.ClientForAsync(world.Ningan, "RegistryOfficer");
        var asked = await world.NinganOfficer.PostAsJsonAsync($"{Api}/personal-exports", new { purpose = "年度网络人士座谈会邀请名单" }, Ct);
        var export = (await asked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var url = $"{Api}/personal-exports/{export}/export";

        Assert.Equal(HttpStatusCode.BadRequest, (await world.NinganOfficer.GetAsync(url, Ct)).StatusCode);        // not approved yet
        Assert.Equal(HttpStatusCode.BadRequest, (await world.NinganOfficer.PostAsync($"{Api}/personal-exports/{export}/approve", null, Ct)).StatusCode); // not by the asker
        Assert.Equal(HttpStatusCode.Forbidden, (await world.NinganEditor.PostAsync($"{Api}/personal-exports/{export}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.DongningOfficer.PostAsync($"{Api}/personal-exports/{export}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync($"{Api}/personal-exports/{export}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await second.GetAsync(url, Ct)).StatusCode);                     // only the asker downloads

        var rows = await Rows(await world.NinganOfficer.GetAsync(url, Ct));

        Assert.Contains(rows, r => (string?)r["手机号码"] == person.Mobile && (string?)r["真实姓名"] == person.Name);
        Assert.Equal(HttpStatusCode.BadRequest, (await world.NinganOfficer.GetAsync(url, Ct)).StatusCode);        // once
        var records = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{id}/processing", Ct);
        Assert.Contains(records.EnumerateArray(), r => r.GetProperty("kind").GetString() == "Exported" && r.GetProperty("purpose").GetString() == "年度网络人士座谈会邀请名单");
        var audit = await world.Host.Client.GetStringAsync("/api/audit?action=DownloadPersonalExport", Ct);
        Assert.Contains(export.ToString(), audit);
    }

    private static async Task<List<IDictionary<string, object?>>> Rows(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
    }
}
