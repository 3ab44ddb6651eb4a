using System.Text.RegularExpressions;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>A province-wide tree: 黑龙江省 → 牡丹江市 (宁安市 → 宁安一街, as <see cref="ComplianceWorld"/>'s city) and 鸡西市
/// (鸡冠区 → 鸡冠一街), each city's office with a compliance officer of its own.</summary>
public sealed class ProvinceComplianceWorld(PostgresServer postgres) : ComplianceWorld(postgres)
{
    public Guid Province, Jixi, JixiStreet;
    public (HttpClient Client, string Login) JixiOfficer;

    protected override async Task BuildAsync()
    {
        Province = await Unit("230000", "黑龙江省", "Province", null);
        City = await Unit("231000", "牡丹江市", "City", Province);
        CountyA = await Unit("231084", "宁安市", "County", City);
        StreetA1 = await Unit("231084001", "宁安一街", "Street", CountyA);
        Jixi = await Unit("230300", "鸡西市", "City", Province);
        JixiStreet = await Unit("230302001", "鸡冠一街", "Street", await Unit("230302", "鸡冠区", "County", Jixi));
        Officer = await UserAsync(City, "ComplianceOfficer");
        JixiOfficer = await UserAsync(Jixi, "ComplianceOfficer");
        CountyAdminA = await UserAsync(CountyA, "CountyAdmin");
    }
}

public sealed class ProvinceNoticeTests(ProvinceComplianceWorld world) : IClassFixture<ProvinceComplianceWorld>
{
    private static int Sequence(string number) => int.Parse(Regex.Match(number, "第(\\d+)号$").Groups[1].Value);

    [Fact]
    public async Task Each_city_of_a_province_numbers_its_notices_in_its_own_sequence_under_its_own_name()
    {
        var deadline = world.Today.AddDays(10);
        var mudanjiang = await ComplianceWorld.FreshAsync(world.Officer);
        var jixi = await ComplianceWorld.FreshAsync(world.JixiOfficer);

        var m1 = await ComplianceWorld.IssueAsync(mudanjiang, world.StreetA1, deadline);
        var j1 = await ComplianceWorld.IssueAsync(jixi, world.JixiStreet, deadline);
        var m2 = await ComplianceWorld.IssueAsync(mudanjiang, world.StreetA1, deadline);
        var county = await ComplianceWorld.IssueAsync(await ComplianceWorld.FreshAsync(world.CountyAdminA), world.StreetA1, deadline);

        Assert.Equal($"牡网信整字〔{world.Today.Year}〕第1号", m1.Number);
        Assert.Equal($"牡网信整字〔{world.Today.Year}〕第2号", m2.Number);
        Assert.Equal($"鸡网信整字〔{world.Today.Year}〕第1号", j1.Number); // not 黑 (the province), not 3 (牡丹江's sequence)
        Assert.Equal(1, Sequence(county.Number));
        Assert.StartsWith("宁安网信整字", county.Number);
    }
}
