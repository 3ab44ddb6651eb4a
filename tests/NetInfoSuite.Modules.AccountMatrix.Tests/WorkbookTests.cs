using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>The registry, article, message and dictionary workbooks: a per-row report, nothing stored while a row
/// fails unless "valid rows only", and exports in the layout the imports read.</summary>
public sealed class WorkbookTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task The_registry_workbook_reports_each_bad_row_and_imports_all_or_valid_rows_only()
    {
        Dictionary<string, object> Row(string name, string platform, string handle, string category, string unit, string reason = "", string licence = "") => new()
        {
            ["名称"] = name, ["平台"] = platform, ["账号"] = handle, ["类别"] = category, ["主管单位编码"] = unit, ["运营人员"] = "张三 13800000000；李四",
            ["已认证"] = "是", ["许可证编号"] = licence, ["发证机关"] = licence.Length > 0 ? "黑龙江省委网信办" : "", ["许可证生效日期"] = licence.Length > 0 ? "2024-01-01" : "",
            ["许可证有效期至"] = licence.Length > 0 ? "2030-12-31" : "", ["第二账号理由"] = reason,
        };
        var rows = new[]
        {
            Row("宁安融媒", "微信公众号", "narm", "政务类", "231084"),
            Row("宁安新闻", "今日头条", "na-news", "新闻类", "231084"),                 // 3: a news account without its licence
            Row("外地账号", "微博", "x", "政务类", "999999"),                           // 4: no such unit
            Row("宁安融媒二号", "WeChat", "narm2", "Government", "231084"),            // 5: the unit's second WeChat account, no reason
            Row("宁安脸书", "脸书", "fb", "政务类", "231084"),                          // 6: no such platform
            Row("宁安新闻B站", "哔哩哔哩", "na-bili", "新闻类", "231084", licence: "23120240001"),
        };

        var refused = await MatrixWorld.UploadAsync(world.NinganEditor, "/api/account-matrix/accounts/import", rows);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "rows[3].licence", "rows[4].ownerUnitId", "rows[5].secondAccountReason", "rows[6].platform" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} in {errors}");
        Assert.Empty(await Exported(world.NinganEditor, rows));

        var imported = await MatrixWorld.UploadAsync(world.NinganEditor, "/api/account-matrix/accounts/import?validRowsOnly=true", rows);
        Assert.Equal(2, (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registered").GetInt32());
        var again = await MatrixWorld.UploadAsync(world.NinganEditor, "/api/account-matrix/accounts/import", [rows[0]]);
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alreadyRegistered").GetInt32());

        var exported = await Exported(world.NinganEditor, rows);
        Assert.Equal(["宁安新闻B站", "宁安融媒"], exported.Select(r => r["名称"]?.ToString()).Order(StringComparer.Ordinal).ToArray());
        var first = exported.Single(r => r["名称"]?.ToString() == "宁安融媒");
        Assert.Equal(("微信公众号", "231084", "张三 13800000000；李四", "已申请"),
            (first["平台"]?.ToString(), first["主管单位编码"]?.ToString(), first["运营人员"]?.ToString(), first["状态"]?.ToString()));
        Assert.Empty(await Exported(world.DongningEditor, rows));
    }

    [Fact]
    public async Task The_article_workbook_stores_10wan_plus_and_exports_what_it_stored()
    {
        await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "dn-wx", "WeChat");
        Dictionary<string, object> Row(string id, string day, string headline, string reads) => new()
        {
            ["平台"] = "微信公众号", ["账号"] = "dn-wx", ["文章编号"] = id, ["日期"] = day, ["标题"] = "冬捕", ["头条"] = headline, ["阅读数"] = reads, ["点赞"] = "3",
        };
        var rows = new[] { Row("w1", "2026-11-02", "是", "10万+"), Row("w2", "2026-11-03", "也许", "5"), Row("w1", "2026-11-04", "否", "1") };

        var refused = await MatrixWorld.UploadAsync(world.DongningEditor, "/api/account-matrix/metrics/articles/import", rows);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("rows[3].headline", out _));
        Assert.True(errors.TryGetProperty("rows[4].id", out _)); // w1 twice
        var stored = await MatrixWorld.UploadAsync(world.DongningEditor, "/api/account-matrix/metrics/articles/import?validRowsOnly=true", rows);
        Assert.Equal(1, (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("articles").GetInt32());

        var exported = await MatrixWorld.DownloadAsync(world.DongningEditor, "/api/account-matrix/metrics/articles/export?from=2026-11-01&to=2026-11-30");
        var row = Assert.Single(exported);
        Assert.Equal(("w1", "是", 100_001L), (row["文章编号"]?.ToString(), row["头条"]?.ToString(), Convert.ToInt64(row["阅读数"])));
        Assert.Empty(await MatrixWorld.DownloadAsync(world.NinganEditor, "/api/account-matrix/metrics/articles/export?from=2026-11-01&to=2026-11-30"));
    }

    [Fact]
    public async Task The_message_workbook_records_messages_and_the_list_shows_the_unanswered()
    {
        await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "na-board", "Website", secondReason: "留言板");
        Dictionary<string, object> Row(string at, string text) => new() { ["平台"] = "网站", ["账号"] = "na-board", ["时间"] = at, ["内容"] = text, ["类别"] = "民生" };
        var rows = new[] { Row("2026-11-20 09:30", "供暖不热"), Row("11月20日", "路灯不亮"), Row("2026-11-21 08:00", "噪音扰民") };

        var refused = await MatrixWorld.UploadAsync(world.NinganEditor, "/api/account-matrix/messages/import", rows);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("rows[3].at", out _));
        var recorded = await MatrixWorld.UploadAsync(world.NinganEditor, "/api/account-matrix/messages/import?validRowsOnly=true", rows);
        Assert.Equal(2, (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recorded").GetInt32());

        var waiting = await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/messages?unanswered=true");
        Assert.Equal(["噪音扰民", "供暖不热"], waiting.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToArray());
        Assert.Equal("2026-11-20T01:30:00+00:00", waiting.GetProperty("items")[1].GetProperty("at").GetString()); // 09:30 in Beijing
        Assert.Equal(0, (await world.DongningEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/messages")).GetProperty("total").GetInt32());

        // A platform connector plugin hands its messages over through the contract; the figures per account count them all.
        var board = waiting.GetProperty("items")[0].GetProperty("accountId").GetGuid();
        Assert.Equal(1, await world.Host.SendAsSystemAsync(new NetInfoSuite.Contracts.AccountMatrix.RecordNetizenMessages(
            [new(board, new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), "来自平台的留言", "民生")])));
        var perAccount = (await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/messages/figures/accounts?at=2026-11-26")).EnumerateArray().Single();
        Assert.Equal((board, 3, 0), (perAccount.GetProperty("accountId").GetGuid(), perAccount.GetProperty("figures").GetProperty("received").GetInt32(),
            perAccount.GetProperty("figures").GetProperty("replied").GetInt32()));
    }

    [Fact]
    public async Task The_dictionary_is_imported_listed_and_pruned_and_the_scan_follows_it()
    {
        var imported = await MatrixWorld.UploadAsync(world.CityAdmin, "/api/account-matrix/words/import",
            [new() { ["词语"] = "内部资料", ["类型"] = "敏感词", ["建议写法"] = "" }, new() { ["词语"] = "既使", ["类型"] = "易错词", ["建议写法"] = "即使" }]);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var bad = await MatrixWorld.UploadAsync(world.CityAdmin, "/api/account-matrix/words/import", [new() { ["词语"] = "错", ["类型"] = "别字" }]);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("rows[2].kind", out _));

        var account = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安审稿号", "Toutiao");
        var draft = await world.NinganEditor.PostAsJsonAsync("/api/account-matrix/publications",
            new { title = "通知", body = "既使下雪，内部资料也不得外传。", accounts = new[] { account } });
        var id = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal([("既使", 0), ("内部资料", 5)], await Hits(id));

        Assert.Equal(HttpStatusCode.NoContent, (await world.CityAdmin.DeleteAsync("/api/account-matrix/words/内部资料")).StatusCode);
        Assert.Equal([("既使", 0)], await Hits(id));
        Assert.Equal(["既使"], (await world.CityAdmin.GetFromJsonAsync<JsonElement>("/api/account-matrix/words")).EnumerateArray().Select(w => w.GetProperty("word").GetString()).ToArray());
    }

    private async Task<(string?, int)[]> Hits(Guid publication) =>
        (await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/publications/{publication}/scan")).EnumerateArray()
        .Where(h => h.GetProperty("field").GetString() == "body").Select(h => (h.GetProperty("word").GetString(), h.GetProperty("position").GetInt32())).ToArray();

    // The exported rows of accounts the file names (other tests of the class register accounts of their own).
    private static async Task<List<IDictionary<string, object?>>> Exported(HttpClient client, Dictionary<string, object>[] file) =>
        (await MatrixWorld.DownloadAsync(client, "/api/account-matrix/accounts/export"))
        .Where(r => file.Any(f => Equals(f["名称"], r["名称"]?.ToString()))).ToList();
}
