using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>制度库: Chinese full-text search (a word of two characters or more in the title or text, title hits first, a
/// marked excerpt, nothing for a word that is not there), versions read from a Word document with the file kept, the
/// comparison of two versions, the status rules, and who reads and changes a rule.</summary>
public sealed class RuleTests(ComplianceWorld world) : IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance/rules";

    public static object Rule(string title, string text, string status = "Effective", string? number = null, Guid? supersededBy = null) => new
    {
        documentNumber = number ?? "牡网信发〔2026〕1号", title, issuingBody = "中共牡丹江市委网络安全和信息化委员会办公室", issuedOn = "2026-03-01",
        effectiveOn = "2026-03-15", repealedOn = status is "Repealed" or "Superseded" ? "2026-09-01" : null, status, supersededBy, text,
    };

    private static async Task<Guid> KeepAsync(HttpClient client, object rule)
    {
        var response = await client.PostAsJsonAsync(Api, rule);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> SearchAsync(HttpClient client, string q) =>
        await client.GetFromJsonAsync<JsonElement>($"{Api}?q={Uri.EscapeDataString(q)}");

    private static List<string> Titles(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToList();

    [Fact]
    public async Task A_word_finds_the_rules_holding_it_title_hits_first_with_a_marked_excerpt_and_a_missing_word_finds_nothing()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        await KeepAsync(officer, Rule("牡丹江市网络媒体意识形态管理制度", "第一条 为加强网络媒体意识形态工作，落实意识形态工作责任制，制定本制度。\n第二条 本制度适用于全市网络媒体。"));
        await KeepAsync(officer, Rule("政务类服务类新闻类新媒体矩阵管理办法", "第一条 新媒体矩阵账号应当坚持正确导向，把好意识形态关。\n第二条 账号开设实行备案管理。"));
        await KeepAsync(officer, Rule("关于开展政务网站和新媒体违规外包专项整治的通知", "严禁将政务网站和新媒体的内容采编、发布审核等工作违规外包给第三方公司。"));
        await KeepAsync(officer, Rule("牡丹江市网络信息内容生态治理工作机制", "建立网络信息内容生态治理联席会议制度，定期研判网络生态。"));

        var ideology = await SearchAsync(officer, "意识形态");
        var titles = Titles(ideology);
        Assert.Equal(["牡丹江市网络媒体意识形态管理制度", "政务类服务类新闻类新媒体矩阵管理办法"], titles); // the title hit before the text hit
        var first = ideology.GetProperty("items")[0];
        Assert.True(first.GetProperty("titleHit").GetBoolean());
        Assert.False(ideology.GetProperty("items")[1].GetProperty("titleHit").GetBoolean());
        var marked = first.GetProperty("excerpt").EnumerateArray().Where(p => p.GetProperty("hit").GetBoolean()).Select(p => p.GetProperty("text").GetString()).ToList();
        Assert.Contains("意识形态", marked);

        Assert.Equal(["关于开展政务网站和新媒体违规外包专项整治的通知"], Titles(await SearchAsync(officer, "外包")));
        Assert.Equal(["牡丹江市网络信息内容生态治理工作机制"], Titles(await SearchAsync(officer, "联席会议 研判")));   // every word, anywhere
        Assert.Empty(Titles(await SearchAsync(officer, "区块链")));                                                // not there
        Assert.Empty(Titles(await SearchAsync(officer, "形态意识")));                                              // its bigrams are there, the word is not

        // The page marks the word in the excerpt.
        var page = await officer.GetStringAsync($"/compliance/rules?q={Uri.EscapeDataString("外包")}");
        Assert.Contains("<mark>外包</mark>", page);
    }

    [Fact]
    public async Task A_word_in_more_than_a_thousand_rules_says_more_than_a_thousand_and_still_ranks_the_title_hit_first()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var before = (await SearchAsync(officer, "分级")).GetProperty("total").GetInt32(); // other tests' rules may hold it
        // The title hit is the oldest rule: it comes first only if ranking happens before the texts are confirmed.
        await KeepAsync(officer, Rule("数据分类分级保护规定", "第一条 为规范数据处理活动，制定本规定。"));
        await Parallel.ForEachAsync(Enumerable.Range(1, RuleTestsCap + 3), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await KeepAsync(officer, Rule($"数据安全细则第{i}号", $"第一条 各单位应当做好数据分类分级工作。\n第二条 本细则第{i}号自印发之日起施行。")));

        var found = await SearchAsync(officer, "分类分级");
        Assert.Equal(RuleTestsCap + 1, found.GetProperty("total").GetInt32()); // "more than 1,000"
        Assert.Equal("数据分类分级保护规定", Titles(found)[0]);
        Assert.Equal(20, Titles(found).Count);
        Assert.Contains("超过 1,000 条", await officer.GetStringAsync($"/compliance/rules?q={Uri.EscapeDataString("分类分级")}"));
        // A two-character word is proved by the index alone: its count is exact however large.
        Assert.Equal(before + RuleTestsCap + 4, (await SearchAsync(officer, "分级")).GetProperty("total").GetInt32());
        // Ranked first, confirmed in that order: a later page still holds only rules with the word.
        var last = await officer.GetFromJsonAsync<JsonElement>($"{Api}?q={Uri.EscapeDataString("分类分级")}&page=51");
        Assert.All(Titles(last), t => Assert.StartsWith("数据安全细则第", t));
    }

    private const int RuleTestsCap = 1_000;

    [Fact]
    public async Task A_single_character_is_refused_with_a_clear_message()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var response = await officer.GetAsync($"{Api}?q={Uri.EscapeDataString("网")}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("至少两个字", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("q")[0].GetString());
        Assert.Contains("至少两个字", await officer.GetStringAsync($"/compliance/rules?q={Uri.EscapeDataString("网")}"));
    }

    [Fact]
    public async Task A_Word_document_becomes_a_new_version_whose_file_is_kept_and_two_versions_compare_paragraph_by_paragraph()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var id = await KeepAsync(officer, Rule("关于进一步加强党政机关网站安全管理的意见", "一、落实网站安全责任。\n二、每季度开展一次安全检查。\n三、加强值班值守。"));
        var docx = Docx("一、落实网站安全责任。", "二、每月开展一次安全检查。", "三、加强值班值守。", "四、发现漏洞二十四小时内完成修复。");

        using var form = new MultipartFormDataContent { { new ByteArrayContent(docx), "file", "网站安全管理意见（修订）.docx" } };
        var response = await officer.PostAsync($"{Api}/{id}/docx?note={Uri.EscapeDataString("检查改为每月")}", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rule = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("四、发现漏洞二十四小时内完成修复。", rule.GetProperty("text").GetString());
        var newest = rule.GetProperty("versions")[0];
        Assert.Equal(2, newest.GetProperty("number").GetInt32());
        Assert.Equal("检查改为每月", newest.GetProperty("note").GetString());
        Assert.Equal(docx, await officer.GetByteArrayAsync($"{Api}/{id}/files/{newest.GetProperty("file").GetGuid()}"));
        Assert.Equal(["关于进一步加强党政机关网站安全管理的意见"], Titles(await SearchAsync(officer, "二十四小时")));

        var diff = await officer.GetFromJsonAsync<JsonElement>($"{Api}/{id}/diff?from=1&to=2");
        var lines = diff.GetProperty("lines").EnumerateArray()
            .Select(l => (Kind: l.GetProperty("kind").GetString(), Text: string.Concat(l.GetProperty("pieces").EnumerateArray().Select(p => p.GetProperty("text").GetString())),
                Changed: string.Concat(l.GetProperty("pieces").EnumerateArray().Where(p => p.GetProperty("hit").GetBoolean()).Select(p => p.GetProperty("text").GetString()))))
            .ToList();
        Assert.Equal(("Same", "一、落实网站安全责任。", ""), lines[0]);
        Assert.Equal(("Removed", "二、每季度开展一次安全检查。", "季度"), lines[1]);
        Assert.Equal(("Added", "二、每月开展一次安全检查。", "月"), lines[2]);
        Assert.Equal(("Same", "三、加强值班值守。", ""), lines[3]);
        Assert.Equal("Added", lines[4].Kind);

        var page = await officer.GetStringAsync($"/compliance/rules/{id}/diff?from=1&to=2");
        Assert.Contains("<del>", page);
        Assert.Contains("<strong>季度</strong>", page);

        // Not a Word document: refused beside the file, nothing stored.
        using var fake = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF"u8.ToArray()), "file", "假的.docx" } };
        var refused = await officer.PostAsync($"{Api}/{id}/docx", fake);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("file", await refused.Content.ReadAsStringAsync());
        Assert.Equal(2, (await officer.GetFromJsonAsync<JsonElement>($"{Api}/{id}")).GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task A_superseded_rule_names_its_successor_and_the_dates_must_agree_with_the_status()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var successor = await KeepAsync(officer, Rule("网络媒体备案管理办法（2026年修订）", "新版备案管理办法全文。"));

        var missing = await officer.PostAsJsonAsync(Api, Rule("网络媒体备案管理办法", "旧版全文。", "Superseded"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("supersededBy", await missing.Content.ReadAsStringAsync());
        var noText = await officer.PostAsJsonAsync(Api, Rule("无正文的制度", ""));
        Assert.Equal(HttpStatusCode.BadRequest, noText.StatusCode);
        Assert.Contains("text", await noText.Content.ReadAsStringAsync());

        var old = await KeepAsync(officer, Rule("网络媒体备案管理办法", "旧版全文。", "Superseded", supersededBy: successor));
        var view = await officer.GetFromJsonAsync<JsonElement>($"{Api}/{successor}");
        Assert.Equal(old, view.GetProperty("supersedes")[0].GetProperty("id").GetGuid());
        var page = await officer.GetStringAsync($"/compliance/rules/{old}");
        Assert.Contains("已被替代", page);
        Assert.Contains("网络媒体备案管理办法（2026年修订）", page);
    }

    [Fact]
    public async Task A_county_reads_the_citys_rules_and_its_own_changes_only_its_own_and_a_sibling_county_sees_neither()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var city = await KeepAsync(officer, Rule("全市网评员队伍管理规定", "网评员队伍实行分级管理。"));
        var countyA = await ComplianceWorld.FreshAsync(world.CountyAdminA);
        var own = await KeepAsync(countyA, Rule("宁安市网评员队伍考核细则", "宁安网评员每季度考核一次。", number: "宁网信发〔2026〕2号"));

        Assert.Equal(["全市网评员队伍管理规定", "宁安市网评员队伍考核细则"], Titles(await SearchAsync(countyA, "网评员")).Order(StringComparer.Ordinal).ToList());
        var change = await countyA.PutAsJsonAsync($"{Api}/{city}", Rule("全市网评员队伍管理规定", "宁安改写。"));
        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.Contains("牡丹江市", await change.Content.ReadAsStringAsync());

        var countyB = await ComplianceWorld.FreshAsync(world.CountyAdminB);
        Assert.Equal(["全市网评员队伍管理规定"], Titles(await SearchAsync(countyB, "网评员")));
        Assert.Equal(HttpStatusCode.NotFound, (await countyB.GetAsync($"{Api}/{own}")).StatusCode);
    }

    public static byte[] Docx(params string[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(p => new Paragraph(new Run(new Text(p) { Space = SpaceProcessingModeValues.Preserve })))));
            main.Document.Save();
        }
        return stream.ToArray();
    }
    [Fact]
    public async Task A_rule_names_the_units_it_applies_to_and_refuses_one_out_of_reach()
    {
        var countyA = await ComplianceWorld.FreshAsync(world.CountyAdminA);
        var response = await countyA.PostAsJsonAsync(Api, new
        {
            title = "宁安一街网格员网络评论管理细则", issuingBody = "宁安市委网信办", status = "Draft", text = "第一条 适用于宁安一街。", units = new[] { world.StreetA1 },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rule = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["宁安一街"], rule.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("name").GetString()).ToArray());
        Assert.Contains("宁安一街", await countyA.GetStringAsync($"/compliance/rules/{rule.GetProperty("id").GetGuid()}"));

        var outside = await countyA.PostAsJsonAsync(Api, new
        {
            title = "越权适用范围", issuingBody = "宁安市委网信办", status = "Draft", text = "x", units = new[] { world.CountyB },
        });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("units", (await outside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }
}
