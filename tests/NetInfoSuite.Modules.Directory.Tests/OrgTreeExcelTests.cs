using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Xunit;

namespace NetInfoSuite.Modules.Directory.Tests;

public sealed class OrgTreeExcelTests(DirectoryHost fixture) : DirectoryTestBase(fixture), IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task A_valid_workbook_creates_every_unit_with_Chinese_level_names()
    {
        var response = await Import(
            ["231000", "牡丹江市", "市", ""],
            ["231002", "东安区", "县（市、区）", "231000"],
            ["231002001", "新安街道", "街道", "231002"],
            ["231002001001", "新兴社区", "社区", "231002001"],
            ["231000-WX", "市委网信办", "市直单位", "231000"]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, result.GetProperty("created").GetInt32());
        var community = await Get("/api/directory/units/by-code/231002001001");
        Assert.Equal(3, community.GetProperty("depth").GetInt32());
    }

    [Fact]
    public async Task A_workbook_with_bad_rows_stores_nothing_and_reports_every_bad_row()
    {
        var response = await Import(
            ["231000", "牡丹江市", "市", ""],
            ["231002", "东安区", "县区", "231000"],
            ["231002", "重复编码", "县区", "231000"],
            ["231003", "", "县区", "231000"],
            ["231004", "错误层级", "国", "231000"],
            ["231005001", "无上级", "街道", "999999"],
            ["231006001", "错误隶属", "街道", "231000"]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("localizedErrors").GetProperty("zh-CN");
        Assert.Equal(["rows[4].code", "rows[5].name", "rows[6].level", "rows[7].parentCode", "rows[8].parentCode"],
            errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal("第 4 行：编码 231002 与第 3 行重复", errors.GetProperty("rows[4].code")[0].GetString());
        Assert.Equal(0, (await Get("/api/directory/units?includeInactive=true")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_exported_workbook_imports_back_unchanged_and_a_renamed_row_renames()
    {
        await CreateTree();
        var export = await Client.GetAsync("/api/directory/export");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var rows = new MemoryStream(bytes).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["编码", "名称", "层级", "上级编码", "状态"], rows[0].Keys);
        Assert.Equal("县（市、区）", rows[1]["层级"]);

        var again = await (await UploadWorkbook(bytes)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(5, again.GetProperty("unchanged").GetInt32());

        var renamed = await (await Import(["231002", "东安区（新）", "县区", "231000"])).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, renamed.GetProperty("renamed").GetInt32());
        Assert.Equal("东安区（新）", (await Get("/api/directory/units/by-code/231002")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_refused_on_the_file_field()
    {
        var (zh, _) = await AssertRejected(await UploadWorkbook("not a spreadsheet"u8.ToArray()), "file");
        Assert.Contains(".xlsx", zh);
    }

    [Fact]
    public async Task A_workbook_without_the_required_columns_is_refused()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { new Dictionary<string, object> { ["名称"] = "牡丹江市" } });
        var (zh, _) = await AssertRejected(await UploadWorkbook(stream.ToArray()), "file");
        Assert.Equal("缺少列“编码”", zh);
    }

    [Fact]
    public async Task A_workbook_naming_two_units_alike_under_one_parent_is_refused_row_by_row()
    {
        await CreateTree();

        var response = await Import(
            ["231005", "爱民区", "县（市、区）", "231000"],
            ["231006", "爱民区", "县（市、区）", "231000"],
            ["231007", "东安区", "县（市、区）", "231000"],
            ["231002001002", "新兴社区", "社区", "231002001"],
            ["231084", "东安区", "县（市、区）", "231000"]); // a rename onto a sibling's name

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("localizedErrors").GetProperty("zh-CN");
        Assert.Equal(["rows[3].name", "rows[4].name", "rows[5].name", "rows[6].name"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal("第 3 行：同一上级单位下已有名为“爱民区”的单位（第 2 行）", errors.GetProperty("rows[3].name")[0].GetString());
        Assert.Equal("第 4 行：同一上级单位下已有名为“东安区”的单位", errors.GetProperty("rows[4].name")[0].GetString());
    }

    private Task<HttpResponseMessage> Import(params string[][] rows) => ImportWorkbook(rows);
}
