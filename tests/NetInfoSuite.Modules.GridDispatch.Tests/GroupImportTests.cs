using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

public sealed class GroupImportTests(DispatchWorld world) : IClassFixture<DispatchWorld>
{
    [Fact]
    public async Task A_workbook_with_a_bad_row_imports_nothing_unless_valid_rows_only_is_asked_and_exports_back()
    {
        var city = await DispatchWorld.FreshAsync(world.CityAdmin);
        var rows = new[]
        {
            Row("东宁乙群", "网格群", "微信", "231086001001", "赵网格", "13700001111"),
            Row("东宁丙群", "居民群", "钉钉", "231086001001", "钱网格", ""),
            Row("坏行", "聊天群", "微信", "231086001001", "孙网格", ""),     // unknown kind
            Row("挂在街道", "网格群", "微信", "231086001", "李网格", ""),     // a street, not a community
        };

        var refused = await Import(city, rows, validOnly: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("rows[4].kind", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("rows[5].unitCode", out _), errors.ToString());
        Assert.DoesNotContain("东宁乙群", await city.GetStringAsync("/api/grid-dispatch/groups?name=东宁乙群"));

        var partial = await Import(city, rows, validOnly: true);
        Assert.Equal(2, (await partial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
        var again = await Import(city, rows[..2], validOnly: false);
        Assert.Equal(2, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("skipped").GetInt32());

        var exported = await city.GetStreamAsync("/api/grid-dispatch/groups/export");
        using var buffer = new MemoryStream();
        await exported.CopyToAsync(buffer);
        buffer.Position = 0;
        var names = MiniExcel.Query(buffer, useHeaderRow: true).Cast<IDictionary<string, object>>().Select(r => r["群名称"]?.ToString()).ToList();
        Assert.Contains("东宁乙群", names);
        Assert.Contains("一街甲网格群", names);
    }

    private static Dictionary<string, object> Row(string name, string kind, string platform, string unit, string op, string phone) => new()
    {
        ["群名称"] = name, ["类型"] = kind, ["平台"] = platform, ["所属村（社区）编码"] = unit, ["管理员"] = op, ["管理员电话"] = phone,
        ["管理员账号"] = "", ["成员数"] = 120,
    };

    private static async Task<HttpResponseMessage> Import(HttpClient client, IEnumerable<Dictionary<string, object>> rows, bool validOnly)
    {
        using var xlsx = new MemoryStream();
        xlsx.SaveAs(rows);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "groups.xlsx" } };
        return await client.PostAsync($"/api/grid-dispatch/groups/import?validRowsOnly={validOnly}", form);
    }
}
