namespace NetInfoSuite.Cli.Seed;

/// <summary>A province-wide deployment: 黑龙江省 and its thirteen cities, each of 牡丹江's shape (<see cref="CityPlan"/>).
/// 牡丹江 keeps its real counties; the other cities get ten county-level units generated from the seed number (four
/// districts, three county-level cities, three counties, under the city's code).</summary>
public sealed class ProvincePlan
{
    public const string ProvinceCode = "230000", ProvinceName = "黑龙江省", LevelProvince = "省";

    /// <summary>The cities by their real division codes, 牡丹江 first (a smaller province, <c>--cities N</c>, keeps it).</summary>
    public static readonly (string Code, string Name, string Slug)[] Cities =
    [
        ("231000", "牡丹江市", "mdj"), ("230100", "哈尔滨市", "hrb"), ("230200", "齐齐哈尔市", "qqhr"), ("230800", "佳木斯市", "jms"),
        ("230600", "大庆市", "dq"), ("230300", "鸡西市", "jx"), ("230500", "双鸭山市", "sys"), ("230700", "伊春市", "yc"),
        ("230900", "七台河市", "qth"), ("230400", "鹤岗市", "hg"), ("231100", "黑河市", "hh"), ("231200", "绥化市", "sh"),
        ("232700", "大兴安岭地区", "dxal"),
    ];

    public SeedScale Scale { get; }
    public int Seed { get; }
    public List<CityPlan> CityPlans { get; }

    public ProvincePlan(SeedScale scale, int seed, int cities = 13)
    {
        if (cities is < 1 or > 13) throw new ArgumentOutOfRangeException(nameof(cities), "1 to 13 cities");
        Scale = scale;
        Seed = seed;
        CityPlans = Cities.Take(cities).Select(c => new CityPlan(scale, seed, c.Code == CityPlan.MudanjiangCode ? CityPlan.Mudanjiang
            : new CitySpec(c.Code, c.Name, c.Slug, GeneratedCounties(c.Code, seed)), ProvinceCode)).ToList();
    }

    /// <summary>The province's own row, before every city's units.</summary>
    public PlannedUnit Province => new(ProvinceCode, ProvinceName, LevelProvince, null);

    /// <summary>The province's own users: its office's administrator and a viewer.</summary>
    public static readonly (string Login, string Role, string RoleName)[] ProvinceUsers =
        [("province.admin", "CityAdmin", "省级管理员"), ("province.viewer", "Viewer", "只读用户")];

    private static readonly string[] CountyWords = ["新城", "老城", "河东", "河西", "江南", "江北", "东山", "西山", "南岗", "北林", "兴华", "安平", "宝清", "富源", "永和", "长青"];

    private static County[] GeneratedCounties(string cityCode, int seed)
    {
        var random = new Random(seed * 7919 + int.Parse(cityCode) + 11);
        var names = CityPlan.Pick(random, CountyWords, 10);
        return Enumerable.Range(0, 10).Select(i => new County($"{cityCode[..4]}{i + 2:00}", names[i] + (i < 4 ? "区" : i < 7 ? "市" : "县"),
            $"c{i + 2:00}", IsDistrict: i < 4)).ToArray();
    }
}
