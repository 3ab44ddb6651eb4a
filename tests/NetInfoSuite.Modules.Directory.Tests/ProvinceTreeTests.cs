using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.Directory.Tests;

/// <summary>A province-wide deployment: a Province root with cities under it, each city a tenant of its own.</summary>
public sealed class ProvinceTreeTests(DirectoryHost fixture) : DirectoryTestBase(fixture), IClassFixture<DirectoryHost>
{
    private sealed record Province(string Root, string Mudanjiang, string Dongan, string Ningan, string Jixi, string Jiguan);

    // 黑龙江省 → 牡丹江市 (东安区, 宁安市) and 鸡西市 (鸡冠区).
    private async Task<Province> CreateProvince()
    {
        var root = await CreateOk("230000", "黑龙江省", "Province");
        var mudanjiang = await CreateOk("231000", "牡丹江市", "City", root);
        var jixi = await CreateOk("230300", "鸡西市", "City", root);
        return new Province(root, mudanjiang,
            await CreateOk("231002", "东安区", "County", mudanjiang), await CreateOk("231084", "宁安市", "County", mudanjiang),
            jixi, await CreateOk("230302", "鸡冠区", "County", jixi));
    }

    private async Task<string> TenantOfUserAt(string unit)
    {
        var response = await Client.PostAsJsonAsync("/api/users",
            new { login = "u" + Guid.NewGuid().ToString("N")[..10], name = "测试用户", orgUnitId = unit, roles = new[] { "Viewer" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("tenant").GetString()!;
    }

    [Fact]
    public async Task A_province_holds_cities_and_each_city_its_counties()
    {
        var p = await CreateProvince();

        var tree = (await Get($"/api/directory/units/{p.Root}/subtree")).EnumerateArray()
            .Select(u => (Name: u.GetProperty("name").GetString(), Level: u.GetProperty("level").GetString(), Depth: u.GetProperty("depth").GetInt32()))
            .ToList();
        Assert.Equal([("黑龙江省", "Province", 0), ("鸡西市", "City", 1), ("鸡冠区", "County", 2),
            ("牡丹江市", "City", 1), ("东安区", "County", 2), ("宁安市", "County", 2)], tree);
        var street = await CreateOk("231002001", "新安街道", "Street", p.Dongan);
        await CreateOk("231002001001", "新兴社区", "Community", street);
        await CreateOk("231000-WX", "市委网信办", "Department", p.Mudanjiang);
    }

    [Fact]
    public async Task Each_city_of_a_province_is_a_tenant_and_its_counties_are_their_own()
    {
        var p = await CreateProvince();

        Assert.Equal("city", await TenantOfUserAt(p.Root)); // the province office reads the whole tree, as the one city did
        Assert.Equal("231000", await TenantOfUserAt(p.Mudanjiang));
        Assert.Equal("230300", await TenantOfUserAt(p.Jixi));
        Assert.Equal("231002", await TenantOfUserAt(p.Dongan));
        Assert.Equal("230302", await TenantOfUserAt(p.Jiguan));
    }

    [Fact]
    public async Task A_one_city_deployment_keeps_the_tenant_city_for_its_city_office()
    {
        var tree = await CreateTree();

        Assert.Equal("city", await TenantOfUserAt(tree.City));
        Assert.Equal("231002", await TenantOfUserAt(tree.Dongan));
    }

    [Fact]
    public async Task A_city_office_of_a_province_sees_its_own_city_only_and_the_province_office_sees_all()
    {
        var p = await CreateProvince();
        var cityOffice = await Host.ClientForAsync(Guid.Parse(p.Mudanjiang), "CityAdmin");
        var provinceOffice = await Host.ClientForAsync(Guid.Parse(p.Root), "CityAdmin");

        var seen = (await cityOffice.GetFromJsonAsync<JsonElement>("/api/directory/units?pageSize=100")).GetProperty("items")
            .EnumerateArray().Select(u => u.GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(["东安区", "宁安市", "牡丹江市"], seen);
        Assert.Equal(HttpStatusCode.NotFound, (await cityOffice.GetAsync($"/api/directory/units/{p.Jixi}")).StatusCode);
        Assert.Equal(6, (await provinceOffice.GetFromJsonAsync<JsonElement>("/api/directory/units")).GetProperty("total").GetInt32());
        // A city office may not make a second root.
        Assert.Equal(HttpStatusCode.Forbidden, (await cityOffice.PostAsJsonAsync("/api/directory/units",
            new { code = "240000", name = "另一省", level = "Province" })).StatusCode);
    }

    [Theory]
    [InlineData("Province", "已存在根节点，只能有一个根节点（省或市）")]
    [InlineData("City", "已存在市级根节点，只能有一个")]
    public async Task A_second_root_is_refused_under_a_province(string level, string expected)
    {
        await CreateProvince();

        var (zh, _) = await AssertRejected(await Create("990000", "另一个根", level), "level");

        Assert.Equal(expected, zh);
    }

    [Fact]
    public async Task A_province_cannot_be_added_above_a_one_city_tree()
    {
        await CreateTree();

        var (_, en) = await AssertRejected(await Create("230000", "黑龙江省", "Province"), "level");

        Assert.Equal("A root already exists; there can be only one (a Province or a City)", en);
    }

    [Fact]
    public async Task A_city_sits_under_the_province_only_and_a_province_under_nothing()
    {
        var p = await CreateProvince();

        var (zh, _) = await AssertRejected(await Create("231099", "县下之市", "City", p.Dongan), "parentId");
        Assert.Equal("市级单位是根节点或隶属于省，不能隶属于县（市、区）", zh);
        (zh, _) = await AssertRejected(await Create("231098", "市下之市", "City", p.Mudanjiang), "parentId");
        Assert.Equal("市级单位是根节点或隶属于省，不能隶属于市", zh);
        (zh, _) = await AssertRejected(await Create("240000", "省下之省", "Province", p.Root), "parentId");
        Assert.Equal("省是根节点，不能有上级单位", zh);
        (zh, _) = await AssertRejected(await Create("230099", "省下之县", "County", p.Root), "parentId");
        Assert.Equal("县（市、区）只能隶属于市，不能隶属于省", zh);
        // A city moved under a county is refused as well; counties move between the province's cities.
        (zh, _) = await AssertRejected(await Client.PutAsJsonAsync($"/api/directory/units/{p.Jixi}/parent", new { parentId = p.Dongan }), "parentId");
        Assert.Equal("市级单位是根节点或隶属于省，不能隶属于县（市、区）", zh);
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync($"/api/directory/units/{p.Ningan}/parent", new { parentId = p.Jixi })).StatusCode);
    }

    [Fact]
    public async Task A_workbook_imports_a_province_with_the_names_offices_use()
    {
        var response = await Import(
            ["230000", "黑龙江省", "省", ""],
            ["231000", "牡丹江市", "地级市", "230000"],
            ["232700", "大兴安岭地区", "地区", "230000"],
            ["232701", "漠河市", "县级市", "232700"],
            ["231002", "东安区", "区", "231000"]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Province", (await Get("/api/directory/units/by-code/230000")).GetProperty("level").GetString());
        Assert.Equal("City", (await Get("/api/directory/units/by-code/232700")).GetProperty("level").GetString());
        Assert.Equal(2, (await Get("/api/directory/units/by-code/232701")).GetProperty("depth").GetInt32());
    }

    [Fact]
    public async Task A_workbook_with_two_roots_is_refused_by_row()
    {
        var response = await Import(["230000", "黑龙江省", "省", ""], ["231000", "牡丹江市", "市", ""]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("localizedErrors").GetProperty("zh-CN");
        Assert.Equal("第 3 行：已存在市级根节点，只能有一个", errors.GetProperty("rows[3].level")[0].GetString());
    }

    private Task<HttpResponseMessage> Import(params string[][] rows) => ImportWorkbook(rows);
}
