using System.Text.Json;
using NetInfoSuite.Cli;
using NetInfoSuite.Cli.Database;
using NetInfoSuite.Cli.Seed;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Cli.Tests;

/// <summary>A host of its own (a province's root cannot share a tree with the city seed's), seeded once with a small
/// province: 黑龙江省 with its first two cities, 牡丹江 and 哈尔滨, each at the small scale.</summary>
public sealed class SeededProvince(PostgresServer postgres) : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;
    public NetInfoApi Api { get; private set; } = null!;
    public ProvinceSeeder First { get; private set; } = null!;
    public ProvincePlan Plan { get; } = new(SeedScale.Small, 7, cities: 2);

    public async ValueTask InitializeAsync()
    {
        Host = await TestHost.StartAsync(postgres, SeededCity.Modules);
        Api = new NetInfoApi(Host.Client);
        First = await Commands.SeedProvinceWithAsync(Api, "admin", Host.NewClient, SeedScale.Small, 7, 2, new TextOutput());
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

public sealed class ProvinceSeedTests(SeededProvince province) : IClassFixture<SeededProvince>
{
    [Fact]
    public async Task The_province_seed_builds_the_province_its_cities_their_counties_and_each_citys_own_records()
    {
        var units = await province.Api.GetAllAsync("/api/directory/units");
        Assert.Equal(1 + province.Plan.CityPlans.Sum(c => c.Units.Count), units.Count);
        var root = Assert.Single(units, u => u.GetProperty("parentId").ValueKind == JsonValueKind.Null);
        Assert.Equal(("黑龙江省", "Province"), (root.GetProperty("name").GetString(), root.GetProperty("level").GetString()));
        var cities = units.Where(u => u.GetProperty("level").GetString() == "City").ToList();
        Assert.Equal(["哈尔滨市", "牡丹江市"], cities.Select(c => c.GetProperty("name").GetString()).Order());
        Assert.All(cities, c => Assert.Equal(root.GetProperty("id").GetGuid(), c.GetProperty("parentId").GetGuid()));
        Assert.Equal(20, units.Count(u => u.GetProperty("level").GetString() == "County"));
        Assert.Contains(units, u => u.GetProperty("name").GetString() == "东安区"); // 牡丹江 keeps its real counties

        // Each city's office is a tenant of its own; the province's office sees the whole province.
        var users = (await province.Api.GetAllAsync("/api/users")).ToDictionary(u => u.GetProperty("login").GetString()!, u => u.GetProperty("tenant").GetString());
        Assert.Equal("city", users["province.admin"]);
        Assert.Equal("231000", users["cityadmin"]);
        Assert.Equal("230100", users["hrb.cityadmin"]);
        Assert.Equal("230102", users["hrb.c02.admin"]);

        var groups = await province.Api.GetAsync("/api/grid-dispatch/groups?pageSize=1");
        Assert.Equal(2 * SeedScale.Small.Groups, groups.GetProperty("total").GetInt64());
        var accounts = await province.Api.GetAllAsync("/api/account-matrix/accounts");
        Assert.Equal(2 * SeedScale.Small.Accounts, accounts.Count);
        Assert.Contains(accounts, a => a.GetProperty("name").GetString()!.StartsWith("哈尔滨", StringComparison.Ordinal));
        var directives = await province.Api.GetAllAsync("/api/grid-dispatch/directives", pageSize: 200);
        Assert.Equal(2 * SeedScale.Small.Directives, directives.Count);
    }

    [Fact]
    public async Task Seeding_the_province_again_doubles_nothing()
    {
        var before = await Counts();
        var again = new TextOutput();
        await Commands.SeedProvinceWithAsync(province.Api, "admin", province.Host.NewClient, SeedScale.Small, 7, 2, again);

        Assert.Equal(before, await Counts());
        Assert.Contains(again.Lines, l => l.StartsWith("黑龙江省 本级：单位：新建 0；用户：新建 0", StringComparison.Ordinal));
        Assert.Equal(2, again.Lines.Count(l => l.StartsWith("网格群：新建 0，", StringComparison.Ordinal)));
    }

    private async Task<string> Counts() =>
        string.Join("\n", (await BackupRestore.CountAsync(province.Host.ConnectionString))
            .Where(t => SeededCity.Modules.Select(m => m.Replace('-', '_')).Contains(t.Schema) || t.Table == "mt_doc_platformuser")
            .Select(t => $"{t.Schema}.{t.Table}={t.Rows}"));
}
