using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>Its own host: moving a unit changes what 东宁 holds, which other tests count.</summary>
public sealed class UnitMoveTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task When_the_directory_moves_a_unit_its_accounts_and_messages_follow_it()
    {
        var street = await world.UnitAsync("231084301", "渤海镇", "Street", world.Ningan);
        var editor = await world.Host.ClientForAsync(street, "Editor");
        var account = await world.ActiveAccountAsync(editor, street, "渤海镇发布", "Douyin");
        (await editor.PostAsJsonAsync("/api/account-matrix/messages", new { messages = new[] { new { accountId = account, at = "2026-11-20T08:00:00Z", text = "渤海镇留言" } } }))
            .EnsureSuccessStatusCode();

        (await world.Host.Client.PutAsJsonAsync($"/api/directory/units/{street}/parent", new { parentId = world.Dongning })).EnsureSuccessStatusCode();
        await world.Host.OutboxDeliveredAsync(); // the matrix follows after the directory's commit

        Assert.Equal(HttpStatusCode.OK, (await world.DongningEditor.GetAsync($"/api/account-matrix/accounts/{account}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.NinganEditor.GetAsync($"/api/account-matrix/accounts/{account}")).StatusCode);
        Assert.Contains("渤海镇留言", await world.DongningEditor.GetStringAsync("/api/account-matrix/messages"));
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/api/account-matrix/accounts/{account}")).StatusCode); // still its own
    }

    [Fact]
    public async Task Every_record_that_carries_a_unit_path_follows_a_move_published_rankings_too()
    {
        // Published rankings were missing from the hand-kept list of tables that hold a unit path.
        var street = await world.UnitAsync("231084302", "镜泊镇", "Street", world.Ningan);
        var editor = await world.Host.ClientForAsync(street, "Editor");
        var published = await editor.PostAsJsonAsync("/api/account-matrix/rankings/published",
            new { title = "镜泊镇周榜", platform = "WeChat", from = "2026-11-01", to = "2026-11-07" });
        published.EnsureSuccessStatusCode();
        var ranking = (await published.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        (await world.Host.Client.PutAsJsonAsync($"/api/directory/units/{street}/parent", new { parentId = world.Dongning })).EnsureSuccessStatusCode();
        await world.Host.OutboxDeliveredAsync(); // the matrix follows after the directory's commit

        Assert.Equal(HttpStatusCode.OK, (await world.DongningEditor.GetAsync($"/api/account-matrix/rankings/published/{ranking}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.NinganEditor.GetAsync($"/api/account-matrix/rankings/published/{ranking}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/api/account-matrix/rankings/published/{ranking}")).StatusCode);
    }
}
