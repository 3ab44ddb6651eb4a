using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.Directory.Tests;

public sealed class OrgTreeInvariantTests(DirectoryHost fixture) : DirectoryTestBase(fixture), IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task There_is_one_City_root_and_a_second_one_is_refused()
    {
        await CreateOk("231000", "牡丹江市", "City");

        var (zh, en) = await AssertRejected(await Create("231001", "另一个市", "City"), "level");

        Assert.Equal("已存在市级根节点，只能有一个", zh);
        Assert.Equal("A City root already exists; there can be only one", en);
    }

    [Fact]
    public async Task Two_City_roots_sent_at_once_cannot_both_be_stored()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Create($"C{i}", $"市{i}", "City")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict }));
        Assert.Equal(1, (await Get("/api/directory/units?level=City")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("Street", "city", "乡镇（街道）只能隶属于县（市、区），不能隶属于市")]
    [InlineData("Community", "county", "村（社区）只能隶属于乡镇（街道），不能隶属于县（市、区）")]
    [InlineData("Department", "county", "市直单位只能隶属于市，不能隶属于县（市、区）")]
    [InlineData("County", "street", "县（市、区）只能隶属于市，不能隶属于乡镇（街道）")]
    public async Task A_level_sits_only_under_the_level_above_it(string level, string parent, string expected)
    {
        var tree = await CreateTree();
        var parentId = parent switch { "city" => tree.City, "county" => tree.Dongan, _ => tree.Street };

        var (zh, _) = await AssertRejected(await Create("X1", "测试单位", level, parentId), "parentId");

        Assert.Equal(expected, zh);
    }

    [Fact]
    public async Task Departments_sit_under_the_City()
    {
        var tree = await CreateTree();

        await CreateOk("231000-WX", "市委网信办", "Department", tree.City);
    }

    [Fact]
    public async Task Only_the_City_may_have_no_parent_and_the_City_may_have_none()
    {
        var (_, en) = await AssertRejected(await Create("231002", "东安区", "County"), "parentId");
        Assert.Equal("A County unit needs a parent", en);

        var tree = await CreateTree();
        await AssertRejected(await Create("231003", "另一个市", "City", tree.City), "parentId");
    }

    [Fact]
    public async Task Codes_are_unique()
    {
        var tree = await CreateTree();

        var (zh, en) = await AssertRejected(await Create("231002", "重复", "County", tree.City), "code");

        Assert.Equal("编码 231002 已被使用", zh);
        Assert.Equal("The code 231002 is already in use", en);
    }

    [Fact]
    public async Task Two_units_of_one_name_under_one_parent_are_refused_by_create_rename_and_move()
    {
        var tree = await CreateTree();

        var (zh, en) = await AssertRejected(await Create("231003", "东安区", "County", tree.City), "name");
        Assert.Equal("同一上级单位下已有名为“东安区”的单位", zh);
        Assert.Equal("A unit named '东安区' already sits under the same parent", en);
        await AssertRejected(await Client.PutAsJsonAsync($"/api/directory/units/{tree.Ningan}/name", new { name = "东安区" }), "name");
        var other = await CreateOk("231084001", "新安街道", "Street", tree.Ningan); // the same name under another parent is fine
        await AssertRejected(await Client.PutAsJsonAsync($"/api/directory/units/{other}/parent", new { parentId = tree.Dongan }), "parentId");

        // A deactivated unit's name is free again.
        await Client.PostAsync($"/api/directory/units/{other}/deactivate", null);
        await CreateOk("231084002", "新安街道", "Street", tree.Ningan);
    }

    [Fact]
    public async Task Siblings_renamed_to_one_name_at_once_cannot_all_keep_it()
    {
        var tree = await CreateTree();
        var siblings = new List<string>();
        for (var i = 0; i < 6; i++) siblings.Add(await CreateOk($"23100{i}X", $"待改名区{i}", "County", tree.City));

        // Each rename changes only its own unit (no version in common): the unique index alone decides.
        var responses = await Task.WhenAll(siblings.Select(id => Client.PutAsJsonAsync($"/api/directory/units/{id}/name", new { name = "阳明区" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK)) await AssertRejected(refused, "name");
        Assert.Equal(1, (await Get("/api/directory/units?name=阳明区")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_parent_that_does_not_exist_is_refused()
    {
        var (_, en) = await AssertRejected(await Create("231002", "东安区", "County", Guid.NewGuid().ToString()), "parentId");
        Assert.EndsWith("does not exist", en);
    }

    [Theory]
    [InlineData("", "名称", "code")]
    [InlineData("has space", "名称", "code")]
    [InlineData("231002", "", "name")]
    public async Task Malformed_codes_and_names_are_refused_by_field(string code, string name, string field)
    {
        var tree = await CreateTree();
        await AssertRejected(await Create(code, name, "Street", tree.Dongan), field);
    }

    [Fact]
    public async Task A_unit_cannot_move_under_itself_or_one_of_its_descendants()
    {
        var tree = await CreateTree();
        var otherStreet = await CreateOk("231084001", "宁安街道", "Street", tree.Ningan);

        var underSelf = await Client.PutAsJsonAsync($"/api/directory/units/{tree.Street}/parent", new { parentId = tree.Street });
        var (_, en) = await AssertRejected(underSelf, "parentId");
        Assert.Equal("A unit cannot move under itself or one of its own descendants", en);

        // A County moved under a descendant street: the cycle check answers before the level check.
        var underDescendant = await Client.PutAsJsonAsync($"/api/directory/units/{tree.Dongan}/parent", new { parentId = tree.Street });
        (_, en) = await AssertRejected(underDescendant, "parentId");
        Assert.Equal("A unit cannot move under itself or one of its own descendants", en);

        var wrongLevel = await Client.PutAsJsonAsync($"/api/directory/units/{tree.Street}/parent", new { parentId = otherStreet });
        await AssertRejected(wrongLevel, "parentId");
    }

    [Fact]
    public async Task Moving_a_unit_carries_its_whole_subtree()
    {
        var tree = await CreateTree();

        var moved = await Client.PutAsJsonAsync($"/api/directory/units/{tree.Street}/parent", new { parentId = tree.Ningan });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var ningan = await Get($"/api/directory/units/{tree.Ningan}/subtree");
        Assert.Equal(["231084", "231002001", "231002001001"], ningan.EnumerateArray().Select(u => u.GetProperty("code").GetString()));
        Assert.Equal([1, 2, 3], ningan.EnumerateArray().Select(u => u.GetProperty("depth").GetInt32()));
        var dongan = await Get($"/api/directory/units/{tree.Dongan}/subtree");
        Assert.Single(dongan.EnumerateArray());
    }

    [Fact]
    public async Task A_unit_with_active_units_under_it_cannot_be_deactivated()
    {
        var tree = await CreateTree();

        var (_, en) = await AssertRejected(await Client.PostAsync($"/api/directory/units/{tree.Street}/deactivate", null), "id");
        Assert.StartsWith("1 active unit(s) still sit under this unit", en);

        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/directory/units/{tree.Community}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/directory/units/{tree.Street}/deactivate", null)).StatusCode);
        var street = await Get($"/api/directory/units/{tree.Street}");
        Assert.False(street.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Nothing_is_created_or_moved_under_a_deactivated_unit()
    {
        var tree = await CreateTree();
        var empty = await CreateOk("231084001", "宁安街道", "Street", tree.Ningan);
        await Client.PostAsync($"/api/directory/units/{empty}/deactivate", null);

        var (_, en) = await AssertRejected(await Create("231084001001", "新社区", "Community", empty), "parentId");
        Assert.Equal("The parent 231084001 is deactivated", en);
        await AssertRejected(await Client.PutAsJsonAsync($"/api/directory/units/{tree.Community}/parent", new { parentId = empty }), "parentId");
    }

    [Fact]
    public async Task Renaming_changes_the_name_and_an_empty_name_is_refused()
    {
        var tree = await CreateTree();

        var renamed = await Client.PutAsJsonAsync($"/api/directory/units/{tree.Street}/name", new { name = "新安街道办事处" });
        Assert.Equal("新安街道办事处", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        await AssertRejected(await Client.PutAsJsonAsync($"/api/directory/units/{tree.Street}/name", new { name = " " }), "name");
        await AssertRejected(await Client.PutAsJsonAsync($"/api/directory/units/{tree.Street}/name", new { name = new string('长', 101) }), "name");
    }

    [Fact]
    public async Task Unknown_units_answer_404()
    {
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/directory/units/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/directory/units/by-code/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/directory/units/{id}/subtree")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PutAsJsonAsync($"/api/directory/units/{id}/name", new { name = "x" })).StatusCode);
    }
}
