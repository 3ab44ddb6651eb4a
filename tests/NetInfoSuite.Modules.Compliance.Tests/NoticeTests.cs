using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>整改通知书: numbers per tenant and year (gapless under parallel issues, no gap after a refusal, a new year
/// from 1), the lifecycle with who and when, its refusals, the page, the print view and the Word document.</summary>
public sealed class NoticeTests(ComplianceWorld world) : IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance";

    private static int Sequence(string number) => int.Parse(Regex.Match(number, "第(\\d+)号$").Groups[1].Value);

    [Fact]
    public async Task Twenty_notices_issued_at_once_get_twenty_consecutive_numbers_and_a_refused_one_leaves_no_gap()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var deadline = world.Today.AddDays(10);
        var issued = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => ComplianceWorld.IssueAsync(officer, world.StreetA1, deadline, $"并发事项{i}")));

        var numbers = issued.Select(i => i.Number).ToList();
        Assert.All(numbers, n => Assert.Matches($"^牡网信整字〔{world.Today.Year}〕第\\d+号$", n));
        var sequences = numbers.Select(Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(sequences[0], 20), sequences); // unique and consecutive

        // Refused (a deadline in the past, then a recipient outside the caller's reach): no number is used up.
        var past = await officer.PostAsJsonAsync($"{Api}/notices", ComplianceWorld.Notice(world.StreetA1, world.Today.AddDays(-1)));
        var countyB = await ComplianceWorld.FreshAsync(world.CountyAdminB);
        var outside = await countyB.PostAsJsonAsync($"{Api}/notices", ComplianceWorld.Notice(world.StreetA1, deadline));
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("deadline", await past.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("recipient", await outside.Content.ReadAsStringAsync());
        var next = await ComplianceWorld.IssueAsync(officer, world.StreetA1, deadline);
        Assert.Equal(sequences[^1] + 1, Sequence(next.Number));
    }

    [Fact]
    public async Task A_county_numbers_its_own_notices_by_its_own_pattern()
    {
        var county = await ComplianceWorld.FreshAsync(world.CountyAdminA);
        var first = await ComplianceWorld.IssueAsync(county, world.StreetA1, world.Today.AddDays(5));
        var second = await ComplianceWorld.IssueAsync(county, world.StreetA1, world.Today.AddDays(5));

        Assert.Matches($"^宁安网信整字〔{world.Today.Year}〕第\\d+号$", first.Number);
        Assert.Equal(Sequence(first.Number) + 1, Sequence(second.Number));
    }

    [Fact]
    public async Task The_lifecycle_refuses_steps_out_of_order_and_records_who_and_when()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var street = await ComplianceWorld.FreshAsync(world.Street);
        var (id, number) = await ComplianceWorld.IssueAsync(officer, world.StreetA1, world.Today.AddDays(7), "生命周期事项");
        var url = $"{Api}/notices/{id}";

        var reportFirst = await street.PostAsJsonAsync($"{url}/report", new { report = "已整改" });
        var verifyEarly = await officer.PostAsJsonAsync($"{url}/verify", new { note = "好" });
        var issuerSigns = await officer.PostAsJsonAsync($"{url}/acknowledge", new { note = "代签" });
        Assert.Equal(HttpStatusCode.OK, (await street.PostAsJsonAsync($"{url}/acknowledge", new { note = "收到" })).StatusCode);
        var twice = await street.PostAsJsonAsync($"{url}/acknowledge", new { note = "再签" });

        // A report with a PDF, which the issuer returns with a new deadline, then a second report that is verified.
        using var pdf = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF"u8.ToArray()), "file", "整改报告.pdf" } };
        var file = await (await street.PostAsync($"{url}/files", pdf)).Content.ReadFromJsonAsync<JsonElement>();
        using var fake = new MultipartFormDataContent { { new ByteArrayContent("MZ not a pdf"u8.ToArray()), "file", "报告.pdf" } };
        var notPdf = await street.PostAsync($"{url}/files", fake);
        Assert.Equal(HttpStatusCode.OK, (await street.PostAsJsonAsync($"{url}/report", new { report = "已更新首页", files = new[] { file.GetProperty("id").GetGuid() } })).StatusCode);
        var selfVerify = await street.PostAsJsonAsync($"{url}/verify", new { note = "自查通过" });
        var pastDeadline = await officer.PostAsJsonAsync($"{url}/return", new { reason = "台账未建立", deadline = world.Today.ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"{url}/return", new { reason = "台账未建立", deadline = world.Today.AddDays(5).ToString("yyyy-MM-dd") })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await street.PostAsJsonAsync($"{url}/report", new { report = "台账已建立" })).StatusCode);
        var verified = await officer.PostAsJsonAsync($"{url}/verify", new { note = "核查通过" });
        var afterClose = await street.PostAsJsonAsync($"{url}/report", new { report = "补充" });

        Assert.Equal(HttpStatusCode.BadRequest, reportFirst.StatusCode);
        Assert.Contains("签收", await reportFirst.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, verifyEarly.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, issuerSigns.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notPdf.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, selfVerify.StatusCode); // an editor of the recipient does not verify
        Assert.Equal(HttpStatusCode.BadRequest, pastDeadline.StatusCode);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, afterClose.StatusCode);
        Assert.Contains("已办结", await afterClose.Content.ReadAsStringAsync());

        var notice = await officer.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal("Verified", notice.GetProperty("status").GetString());
        Assert.Equal(world.Today.AddDays(5).ToString("yyyy-MM-dd"), notice.GetProperty("deadline").GetString());
        var steps = notice.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("to").GetString()).ToList();
        Assert.Equal(["Issued", "Acknowledged", "ReportSubmitted", "Returned", "ReportSubmitted", "Verified"], steps);
        Assert.All(notice.GetProperty("steps").EnumerateArray(), s => Assert.Equal("测试用户", s.GetProperty("by").GetString()));
        Assert.Single(notice.GetProperty("files").EnumerateArray());
        var download = await officer.GetAsync($"{url}/files/{file.GetProperty("id").GetGuid()}");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(number);
    }

    [Fact]
    public async Task The_notice_prints_in_the_offices_format_and_exports_a_word_document()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var deadline = new DateOnly(world.Today.Year, 12, 31);
        var (id, number) = await ComplianceWorld.IssueAsync(officer, world.StreetA1, deadline, "某公众号转载未注明来源");

        var list = await officer.GetStringAsync("/compliance/notices");
        var print = await officer.GetStringAsync($"/compliance/notices/{id}/print");
        var docx = await officer.GetAsync($"{Api}/notices/{id}/docx");

        Assert.Contains(WebUtility.HtmlEncode(number), list);
        Assert.Contains("href=\"/compliance/notices\"", list); // in the navigation
        Assert.Contains("red-head", print);
        Assert.Contains("牡丹江市", print);                      // the issuing unit in the red header
        Assert.Contains(number, WebUtility.HtmlDecode(print));
        Assert.Contains("宁安一街：", WebUtility.HtmlDecode(print));
        Assert.Contains($"请于二〇二六年十二月三十一日前完成整改", WebUtility.HtmlDecode(print));
        Assert.Contains("二〇二六年六月一日", WebUtility.HtmlDecode(print)); // issued on the fake clock's day, in Chinese numerals
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var zip = new ZipArchive(await docx.Content.ReadAsStreamAsync());
        using var xml = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
        var text = await xml.ReadToEndAsync();
        Assert.Contains(number, text);
        Assert.Contains("C00000", text); // the red header
        Assert.Contains("二〇二六年十二月三十一日", text);
    }
}
