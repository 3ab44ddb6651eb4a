using System.Net.Http.Json;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

/// <summary>Groups follow their unit when the directory moves it (a world of its own: the move changes the counts).</summary>
public sealed class UnitMoveTests(DispatchWorld world) : IClassFixture<DispatchWorld>
{
    [Fact]
    public async Task When_a_street_moves_to_another_county_its_groups_are_that_countys()
    {
        (await world.Host.Client.PutAsJsonAsync($"/api/directory/units/{world.StreetA2}/parent", new { parentId = world.CountyB })).EnsureSuccessStatusCode();
        await world.Host.OutboxDeliveredAsync(); // the groups follow after the directory's commit

        var countyB = (await world.UserAsync(world.CountyB, "CountyAdmin")).Client;
        var countyA = (await world.UserAsync(world.CountyA, "CountyAdmin")).Client;
        Assert.Equal(3, (await world.IssueAsync(countyB, DispatchWorld.Target())).Tasks); // 东宁's two groups and 二街甲网格群
        Assert.Equal(3, (await world.IssueAsync(countyA, DispatchWorld.Target())).Tasks); // 宁安 keeps 一街's three
    }
}
