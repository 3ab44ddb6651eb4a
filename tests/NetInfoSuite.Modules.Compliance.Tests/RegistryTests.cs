using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>传媒领域非公有资本登记: the credit code's GB 32100-2015 check beside its field, and a workbook that the export
/// writes and the import reads back, with a per-row report.</summary>
public sealed class RegistryTests(ComplianceWorld world) : IClassFixture<ComplianceWorld>
{
    private const string Api = "/api/compliance/media-units";

    // Valid codes: their check characters (3, B, 8) follow from the standard's weights.
    private const string Valid1 = "91350100M000100Y43", Valid2 = "91110000802100433B", Valid3 = "912301001275921118";

    private object Unit(string name, string code) => new
    {
        name, creditCode = code, kind = "Company", nonPublicShare = 35.5, category = "Restricted", businessScope = "互联网信息服务",
        filedOn = "2026-03-01", status = "Active", supervisor = world.CountyA,
    };

    [Theory]
    [InlineData("91350100M000100Y44", "校验位不符（应为 3）")] // a wrong check character
    [InlineData("91350100M000100Y4", "须为 18 位（现为 17 位）")]   // too short
    [InlineData("91350100M000100Y433", "须为 18 位（现为 19 位）")] // too long
    [InlineData("91350100I000100Y43", "无效字符“I”")]              // I is not in the code's alphabet
    public async Task A_wrong_credit_code_is_refused_beside_its_field(string code, string reason)
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var response = await officer.PostAsJsonAsync(Api, Unit("错误代码公司", code));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(reason, errors.GetProperty("creditCode")[0].GetString());
    }

    [Fact]
    public async Task A_valid_code_typed_in_lower_case_is_kept_in_capitals_and_registered_once()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var created = await officer.PostAsJsonAsync(Api, Unit("牡丹江某传媒有限公司", Valid2.ToLowerInvariant()));
        var again = await officer.PostAsJsonAsync(Api, Unit("同码公司", Valid2));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(Valid2, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("creditCode").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("creditCode", await again.Content.ReadAsStringAsync());
        var page = await officer.GetStringAsync("/compliance/media-units");
        Assert.Contains("牡丹江某传媒有限公司", page);
        Assert.Contains("限制类", page);
    }

    [Fact]
    public async Task The_export_imports_back_and_a_bad_row_is_reported_by_row_and_column()
    {
        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        (await officer.PostAsJsonAsync(Api, Unit("宁安融媒科技公司", Valid1))).EnsureSuccessStatusCode();
        var exported = await officer.GetByteArrayAsync($"{Api}/export");

        var roundTrip = await Import(officer, exported, false);
        Assert.Equal(HttpStatusCode.OK, roundTrip.StatusCode);
        var result = await roundTrip.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, result.GetProperty("created").GetInt32());
        Assert.True(result.GetProperty("updated").GetInt32() >= 1);

        // A new row, a wrong code and an unknown supervisor: the file is refused whole, each error named; then the good row only.
        var rows = MiniExcel.Query(new MemoryStream(exported), useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
        var template = rows.First(r => Equals(r["统一社会信用代码"], Valid1));
        var good = new Dictionary<string, object?>(template) { ["单位名称"] = "新增网络公司", ["统一社会信用代码"] = Valid3 };
        var badCode = new Dictionary<string, object?>(template) { ["单位名称"] = "错码公司", ["统一社会信用代码"] = "91350100M000100Y44" };
        var badUnit = new Dictionary<string, object?>(template) { ["单位名称"] = "无主公司", ["统一社会信用代码"] = Valid2, ["监管单位编码"] = "999999" };
        using var file = new MemoryStream();
        MiniExcel.SaveAs(file, new[] { good, badCode, badUnit });

        var refused = await Import(officer, file.ToArray(), false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("校验位不符", errors.GetProperty("rows[3].creditCode")[0].GetString());
        Assert.Contains("999999", errors.GetProperty("rows[4].supervisor")[0].GetString());
        Assert.DoesNotContain("新增网络公司", await officer.GetStringAsync(Api));

        var partial = await Import(officer, file.ToArray(), true);
        Assert.Equal(1, (await partial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
        Assert.Contains("新增网络公司", await officer.GetStringAsync(Api));
    }

    private static async Task<HttpResponseMessage> Import(HttpClient client, byte[] xlsx, bool validRowsOnly)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx), "file", "units.xlsx" } };
        return await client.PostAsync($"{Api}/import?validRowsOnly={validRowsOnly.ToString().ToLowerInvariant()}", form);
    }
}
