using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>印发通报: a published plan's bulletin is kept as sent, told once to every target unit's inbox however many
/// publishers race, read by the units it went to (not by others), and downloaded as a Word document.</summary>
public sealed class BulletinTests(InspectionWorld world) : IClassFixture<InspectionWorld>
{
    private const string Api = "/api/inspection";

    [Fact]
    public async Task A_published_bulletin_reaches_each_target_once_and_reads_as_sent()
    {
        var inspector = await FreshAsync(world.Inspector);
        var plan = await PlanAsync(inspector, "网信工作督导考评", year: 2025);
        var work = await IndicatorAsync(inspector, plan, "工作机制", 60, "Manual");
        var quality = await IndicatorAsync(inspector, plan, "内容质量", 40, "Deduction", parameter: 5);
        await GroupAsync(inspector, plan, "县（市、区）", world.CountyA, world.CountyB);
        await EnterAsync(inspector, plan, world.CountyA, work, 55);
        await EnterAsync(inspector, plan, world.CountyA, quality, findings: 2, comment: "转发稿件有错别字");
        await EnterAsync(inspector, plan, world.CountyB, work, 40);

        // The preview reads the same text, and nothing can be published before the results are.
        var preview = WebUtility.HtmlDecode(await inspector.GetStringAsync($"/inspection/plans/{plan}/bulletin"));
        Assert.Contains("宁安市：内容质量，扣10分（2处）。转发稿件有错别字", preview);
        Assert.Contains("考评结果发布后才能印发通报", preview);
        var city = await FreshAsync(world.CityAdmin);
        var early = await city.PostAsJsonAsync($"{Api}/plans/{plan}/bulletin", new { number = "牡网信通〔2025〕3号" });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("考评结果发布后才能印发通报", await early.Content.ReadAsStringAsync());

        await Ok(city.PostAsync($"{Api}/plans/{plan}/publish", null));
        var past = await city.PostAsJsonAsync($"{Api}/plans/{plan}/bulletin", new { deadline = world.Today.ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("deadline", await past.Content.ReadAsStringAsync());

        // Twenty publishers at once: one bulletin, one notice per unit.
        var tries = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            city.PostAsJsonAsync($"{Api}/plans/{plan}/bulletin", new { number = "牡网信通〔2025〕3号", deadline = world.Today.AddDays(20).ToString("yyyy-MM-dd") })));
        Assert.Equal(1, tries.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(tries.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        await world.Host.OutboxDeliveredAsync();
        static async Task<List<JsonElement>> Told((HttpClient Client, string Login) user) =>
            (await Ok((await FreshAsync(user)).GetAsync("/api/notifications?pageSize=200"))).GetProperty("items").EnumerateArray()
                .Where(n => n.GetProperty("kind").GetString() == "inspection-bulletin").ToList();
        Assert.Equal($"/inspection/bulletins/{plan}", Assert.Single(await Told(world.CountyAdminA)).GetProperty("link").GetString());
        Assert.Single(await Told(world.EditorA));
        Assert.Single(await Told(world.CountyAdminB));

        // 宁安市's editor (who cannot see the plans) reads it as sent, and downloads it.
        var editor = await FreshAsync(world.EditorA);
        var listed = Assert.Single((await Ok(editor.GetAsync($"{Api}/bulletins"))).GetProperty("items").EnumerateArray());
        Assert.Equal(["宁安市", "东宁市"], listed.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("牡网信通〔2025〕3号", listed.GetProperty("number").GetString());
        Assert.Equal("牡丹江市", listed.GetProperty("issuer").GetString());
        var page = WebUtility.HtmlDecode(await editor.GetStringAsync($"/inspection/bulletins/{plan}"));
        Assert.Contains("关于2025年度网信工作督导考评结果的通报", page);
        Assert.Contains("第1名　宁安市　85分　良好", page);
        Assert.Contains($"于{world.Today.AddDays(20):yyyy年M月d日}前将整改情况书面报送牡丹江市", page);
        var docx = await editor.GetAsync($"{Api}/bulletins/{plan}/docx");
        docx.EnsureSuccessStatusCode();
        using (var zip = new ZipArchive(new MemoryStream(await docx.Content.ReadAsByteArrayAsync())))
        {
            var xml = await new StreamReader(zip.GetEntry("word/document.xml")!.Open()).ReadToEndAsync();
            Assert.Contains("牡网信通〔2025〕3号", xml);
            Assert.Contains("第2名　东宁市　80分　良好", xml);
        }

        // A street of 宁安市 was not sent it: it does not exist there.
        var street = await FreshAsync(await world.UserAsync(world.StreetA1, "Editor"));
        Assert.Equal(HttpStatusCode.NotFound, (await street.GetAsync($"{Api}/bulletins/{plan}")).StatusCode);
        Assert.Empty((await Ok(street.GetAsync($"{Api}/bulletins"))).GetProperty("items").EnumerateArray());
    }
}
