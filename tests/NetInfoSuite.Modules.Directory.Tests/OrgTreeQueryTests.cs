using System.Net;
using System.Text.Json;
using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Kernel;
using Xunit;

namespace NetInfoSuite.Modules.Directory.Tests;

public sealed class OrgTreeQueryTests(DirectoryHost fixture) : DirectoryTestBase(fixture), IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task A_unit_is_found_by_id_and_by_code()
    {
        var tree = await CreateTree();

        var byId = await Get($"/api/directory/units/{tree.Dongan}");
        var byCode = await Get("/api/directory/units/by-code/231002");

        Assert.Equal("东安区", byId.GetProperty("name").GetString());
        Assert.Equal(tree.Dongan, byCode.GetProperty("id").GetString());
        Assert.Equal(tree.City, byCode.GetProperty("parentId").GetString());
        Assert.Equal("County", byCode.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Many_units_are_placed_under_their_ancestors_at_once_and_a_missing_one_is_left_out()
    {
        var tree = await CreateTree();
        var missing = new OrgUnitId(Guid.NewGuid());

        var paths = await Host.SendAsSystemAsync(new GetOrgPaths([new(Guid.Parse(tree.Community)), new(Guid.Parse(tree.Ningan)), missing]));

        Assert.Equal(2, paths.Count);
        Assert.Equal(["牡丹江市", "东安区", "新安街道", "新兴社区"], paths[new(Guid.Parse(tree.Community))].Select(u => u.Name));
        Assert.Equal(["牡丹江市", "宁安市"], paths[new(Guid.Parse(tree.Ningan))].Select(u => u.Name));
        Assert.Equal(paths[new(Guid.Parse(tree.Ningan))], await Host.SendAsSystemAsync(new GetOrgPath(new(Guid.Parse(tree.Ningan)))));
        Assert.Empty(await Host.SendAsSystemAsync(new GetOrgPath(missing)));
    }

    [Fact]
    public async Task A_subtree_lists_parents_before_children_down_to_the_asked_depth()
    {
        var tree = await CreateTree();

        var all = await Get($"/api/directory/units/{tree.City}/subtree");
        var twoLevels = await Get($"/api/directory/units/{tree.City}/subtree?depth=1");

        Assert.Equal(["231000", "231002", "231002001", "231002001001", "231084"], Codes(all));
        Assert.Equal(["231000", "231002", "231084"], Codes(twoLevels));
    }

    [Fact]
    public async Task Deactivated_units_leave_subtrees_and_searches_unless_asked_for()
    {
        var tree = await CreateTree();
        await Client.PostAsync($"/api/directory/units/{tree.Community}/deactivate", null);

        Assert.DoesNotContain("231002001001", Codes(await Get($"/api/directory/units/{tree.City}/subtree")));
        Assert.Contains("231002001001", Codes(await Get($"/api/directory/units/{tree.City}/subtree?includeInactive=true")));
        Assert.Equal(0, (await Get("/api/directory/units?name=新兴")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await Get("/api/directory/units?name=新兴&includeInactive=true")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_search_by_name_comes_a_page_at_a_time()
    {
        var tree = await CreateTree();
        for (var i = 1; i <= 7; i++) await CreateOk($"231084{i:000}", $"第{i}街道", "Street", tree.Ningan);

        var first = await Get("/api/directory/units?name=街道&pageSize=5");
        var second = await Get("/api/directory/units?name=街道&pageSize=5&page=2");

        Assert.Equal(8, first.GetProperty("total").GetInt32());
        Assert.Equal(5, first.GetProperty("items").GetArrayLength());
        Assert.Equal(3, second.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Paging_and_depth_outside_their_ranges_are_refused()
    {
        var tree = await CreateTree();
        await AssertRejected(await Client.GetAsync("/api/directory/units?pageSize=100000"), "pageSize");
        await AssertRejected(await Client.GetAsync("/api/directory/units?page=0"), "page");
        await AssertRejected(await Client.GetAsync($"/api/directory/units/{tree.City}/subtree?depth=-1"), "maxDepth");
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/directory/units?level=Planet")).StatusCode);
    }

    [Fact]
    public async Task Pickers_find_active_units_by_name_or_code_shallowest_first()
    {
        var tree = await CreateTree();
        await Client.PostAsync($"/api/directory/units/{tree.Community}/deactivate", null);

        var byName = await Host.SendAsSystemAsync(new Contracts.Directory.FindOrgUnits("新"));
        var byCode = await Host.SendAsSystemAsync(new Contracts.Directory.FindOrgUnits("23108"));
        var browse = await Host.SendAsSystemAsync(new Contracts.Directory.FindOrgUnits(null, 2));

        Assert.Equal(["231002001"], byName.Select(u => u.Code)); // 新兴社区 is deactivated
        Assert.Equal(["231084"], byCode.Select(u => u.Code));
        Assert.Equal(["231000", "231002"], browse.Select(u => u.Code));
        await Assert.ThrowsAsync<Contracts.Errors.RuleViolationException>(() => Host.SendAsSystemAsync(new Contracts.Directory.FindOrgUnits(null, 0)));
    }

    private static IEnumerable<string?> Codes(JsonElement units) =>
        units.EnumerateArray().Select(u => u.GetProperty("code").GetString());
}
