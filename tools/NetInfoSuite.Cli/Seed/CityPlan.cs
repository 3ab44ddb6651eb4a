namespace NetInfoSuite.Cli.Seed;

/// <summary>How much of a city to make. <c>city</c> is the office's own report's figures; <c>small</c> the same shape
/// in miniature, for tests and quick looks.</summary>
public sealed record SeedScale(string Name, int StreetsMin, int StreetsMax, int CommunitiesMin, int CommunitiesMax, int Departments,
    int Groups, int Accounts, int MetricDays, int Directives)
{
    public static readonly SeedScale City = new("city", 8, 12, 7, 13, 34, 4_914, 230, 365, 50);
    public static readonly SeedScale Small = new("small", 2, 2, 2, 2, 6, 100, 24, 14, 5);

    public static SeedScale? Parse(string name) => name.ToLowerInvariant() switch { "city" => City, "small" => Small, _ => null };
}

public sealed record PlannedUnit(string Code, string Name, string Level, string? ParentCode);

public sealed record County(string Code, string Name, string Slug, bool IsDistrict);

/// <summary>A city the seed makes: its division code and name, a short slug for logins and handles ("" prefix for
/// 牡丹江, so the city scale's logins stay as they were), and its county-level units.</summary>
public sealed record CitySpec(string Code, string Name, string Slug, IReadOnlyList<County> Counties)
{
    /// <summary>The name without 市 or 地区, as documents and account names use it (牡丹江, 大兴安岭).</summary>
    public string ShortName => Name.EndsWith("地区", StringComparison.Ordinal) ? Name[..^2] : Name.TrimEnd('市');
}

/// <summary>A city's tree, generated deterministically from the seed number: 牡丹江市 (the default), its ten county-level
/// units by their real names and codes, streets and townships, communities and villages, and city departments (市直单位);
/// in a province, another city of the same shape (<see cref="ProvincePlan"/>), under the province's code.</summary>
public sealed class CityPlan
{
    public const string MudanjiangCode = "231000";
    public const string LevelCity = "市", LevelCounty = "县（市、区）", LevelStreet = "乡镇（街道）", LevelCommunity = "村（社区）", LevelDepartment = "市直单位";

    public static readonly County[] MudanjiangCounties =
    [
        new("231002", "东安区", "dongan", true), new("231003", "阳明区", "yangming", true), new("231004", "爱民区", "aimin", true),
        new("231005", "西安区", "xian", true), new("231081", "绥芬河市", "suifenhe", false), new("231083", "海林市", "hailin", false),
        new("231084", "宁安市", "ningan", false), new("231085", "穆棱市", "muling", false), new("231086", "东宁市", "dongning", false),
        new("231025", "林口县", "linkou", false),
    ];

    public static readonly string[] DepartmentNames =
    [
        "市委宣传部", "市委网信办", "市公安局", "市教育局", "市卫生健康委员会", "市文化广电和旅游局", "市市场监督管理局", "市应急管理局",
        "市生态环境局", "市交通运输局", "市住房和城乡建设局", "市民政局", "市人力资源和社会保障局", "市农业农村局", "市商务局", "市财政局",
        "市自然资源局", "市水务局", "市林业和草原局", "市气象局", "市融媒体中心", "市消防救援支队", "市税务局", "市医疗保障局",
        "市退役军人事务局", "市司法局", "市统计局", "市审计局", "市体育局", "市信访局", "团市委", "市妇联", "市总工会", "市科协",
    ];

    // Two-character place words; names repeat across the city as they do in life, never under one parent.
    internal static readonly string[] PlaceWords =
    [
        "新华", "向阳", "光明", "繁荣", "兴隆", "长安", "和平", "东兴", "西海", "北山", "南湖", "江滨", "牡丹", "文化", "胜利", "解放",
        "建设", "太平", "友谊", "团结", "红旗", "前进", "五星", "七星", "永安", "宝山", "青山", "桦林", "柴河", "铁岭", "兴源", "温春",
        "海南", "三道", "二道", "头道", "绥阳", "道河", "镜泊", "渤海", "卧龙", "江西", "马桥", "下城", "福禄", "河西", "东村", "长江",
        "朝阳", "阳光", "幸福", "安康", "丰收", "新民", "民主", "金星", "银河", "松花", "兴安", "龙泉", "北安", "长胜", "永丰", "和兴",
        "富强", "振兴", "利民", "共和", "先锋", "新安", "东风", "南山", "北站", "立新", "跃进", "平安", "中兴", "东升", "西城", "三岔",
    ];

    internal static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "于", "董", "曹"];
    internal static readonly string[] GivenNames = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "玉兰", "海燕", "志强", "晓东", "春梅", "国庆", "红梅", "立新", "雪松", "冬梅", "凤霞"];

    public static readonly CitySpec Mudanjiang = new(MudanjiangCode, "牡丹江市", "mdj", MudanjiangCounties);

    public SeedScale Scale { get; }
    public int Seed { get; }
    public CitySpec City { get; }
    /// <summary>The province the city sits under (its code), or null for a one-city deployment.</summary>
    public string? ProvinceCode { get; }
    public List<PlannedUnit> Units { get; } = [];
    public List<PlannedUnit> Streets { get; } = [];
    public List<PlannedUnit> Communities { get; } = [];
    public List<PlannedUnit> Departments { get; } = [];

    public CityPlan(SeedScale scale, int seed, CitySpec? city = null, string? provinceCode = null)
    {
        Scale = scale;
        Seed = seed;
        City = city ?? Mudanjiang;
        ProvinceCode = provinceCode;
        // 牡丹江 keeps the generator it always had; another city's draws start from its own code (arithmetic, not
        // HashCode.Combine, which differs per process).
        var random = new Random(City.Code == MudanjiangCode ? seed : seed * 7919 + int.Parse(City.Code));
        var cityCode = City.Code;
        Units.Add(new(cityCode, City.Name, LevelCity, provinceCode));
        foreach (var county in City.Counties)
        {
            Units.Add(new(county.Code, county.Name, LevelCounty, cityCode));
            var streetNames = Pick(random, PlaceWords, random.Next(scale.StreetsMin, scale.StreetsMax + 1));
            for (var s = 0; s < streetNames.Count; s++)
            {
                // Districts have streets (街道) and their communities; county-level cities and counties mostly towns (镇)
                // and townships (乡) with villages, and a street or two in the seat.
                var isStreet = county.IsDistrict || s < 2;
                var street = new PlannedUnit($"{county.Code}{s + 1:000}", streetNames[s] + (isStreet ? "街道" : s % 4 == 3 ? "乡" : "镇"), LevelStreet, county.Code);
                Units.Add(street);
                Streets.Add(street);
                var communityNames = Pick(random, PlaceWords, random.Next(scale.CommunitiesMin, scale.CommunitiesMax + 1));
                for (var c = 0; c < communityNames.Count; c++)
                {
                    var community = new PlannedUnit($"{street.Code}{c + 1:000}", communityNames[c] + (isStreet ? "社区" : "村"), LevelCommunity, street.Code);
                    Units.Add(community);
                    Communities.Add(community);
                }
            }
        }
        foreach (var (name, i) in DepartmentNames.Take(scale.Departments).Select((n, i) => (n, i)))
        {
            var department = new PlannedUnit($"{cityCode}D{i + 1:00}", name, LevelDepartment, cityCode);
            Units.Add(department);
            Departments.Add(department);
        }
    }

    public County CountyOf(PlannedUnit unit) => City.Counties.First(c => unit.Code.StartsWith(c.Code, StringComparison.Ordinal));

    /// <summary>A seeded user's login: as it always was in 牡丹江 ("cityadmin", "dongan.grid"), prefixed with the city's
    /// slug in the other cities of a province ("hrb.cityadmin", "hrb.c02.grid").</summary>
    public string Login(string name) => City.Code == MudanjiangCode ? name : $"{City.Slug}.{name}";

    public static string PersonName(Random random) =>
        Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)];

    public static string Phone(Random random) => $"1{new[] { 3, 5, 7, 8, 9 }[random.Next(5)]}{random.Next(0, 10)}{random.Next(10_000_000, 99_999_999)}";

    public static string ChineseNumber(int n) => n switch
    {
        <= 0 => "零",
        < 10 => "一二三四五六七八九"[n - 1].ToString(),
        10 => "十",
        < 20 => "十" + ChineseNumber(n - 10),
        _ => ChineseNumber(n / 10) + "十" + (n % 10 == 0 ? "" : ChineseNumber(n % 10)),
    };

    /// <summary><paramref name="count"/> distinct words in a seeded order.</summary>
    internal static List<string> Pick(Random random, IReadOnlyList<string> words, int count)
    {
        var shuffled = words.ToArray();
        random.Shuffle(shuffled);
        return shuffled.Take(Math.Min(count, shuffled.Length)).ToList();
    }
}
