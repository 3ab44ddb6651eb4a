namespace NetInfoSuite.Modules.Directory.Domain;

/// <summary>The tree's invariants, each with its own clear error in both languages.</summary>
internal static class OrgRules
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 100;

    /// <summary>Letters, digits, '-' and '.', e.g. an administrative division code 231002.</summary>
    public static bool IsValidCode(string? code) =>
        code is { Length: > 0 and <= MaxCodeLength } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    /// <summary>The levels a unit of this level may sit under; a root level (Province, City) also may have no parent.
    /// A City is the root of a one-city deployment or sits under the Province of a province-wide one.</summary>
    public static IReadOnlyList<OrgLevel> ParentLevelsOf(OrgLevel level) => level switch
    {
        OrgLevel.Province => [],
        OrgLevel.City => [OrgLevel.Province],
        OrgLevel.County or OrgLevel.Department => [OrgLevel.City],
        OrgLevel.Street => [OrgLevel.County],
        OrgLevel.Community => [OrgLevel.Street],
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>The level a unit may be moved under; null for the root, which stays where it is.</summary>
    public static OrgLevel? MovesUnder(OrgUnitInfo unit) =>
        unit.ParentId is null || ParentLevelsOf(unit.Level) is not [var first, ..] ? null : first;

    /// <summary>Whether a unit of this level may be the tree's one root.</summary>
    public static bool MayBeRoot(OrgLevel level) => level is OrgLevel.Province or OrgLevel.City;

    public static string ZhName(OrgLevel level) => level switch
    {
        OrgLevel.Province => "省",
        OrgLevel.City => "市",
        OrgLevel.County => "县（市、区）",
        OrgLevel.Street => "乡镇（街道）",
        OrgLevel.Community => "村（社区）",
        OrgLevel.Department => "市直单位",
        _ => level.ToString(),
    };

    /// <summary>The level's name in the console's language.</summary>
    public static string Title(OrgLevel level) => new LocalizedText(ZhName(level), level.ToString()).Current;

    /// <summary>Accepts the Chinese names used in the office's spreadsheets as well as the English ones.</summary>
    public static OrgLevel? ParseLevel(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        foreach (var level in Enum.GetValues<OrgLevel>())
            if (t == ZhName(level) || string.Equals(t, level.ToString(), StringComparison.OrdinalIgnoreCase))
                return level;
        return t switch
        {
            "省级" or "自治区" => OrgLevel.Province,
            "地区" or "地级市" or "盟" or "自治州" => OrgLevel.City,
            "县" or "区" or "县级市" or "县区" => OrgLevel.County,
            "乡镇" or "街道" or "乡" or "镇" => OrgLevel.Street,
            "村" or "社区" => OrgLevel.Community,
            _ => null,
        };
    }

    /// <summary>Whether a unit of <paramref name="level"/> may sit under <paramref name="parent"/> (null: be the root,
    /// when <paramref name="rootExists"/> says whether the tree has one already).</summary>
    public static Violation? CheckParent(string levelField, string field, OrgLevel level, OrgUnit? parent, bool rootExists)
    {
        var allowed = ParentLevelsOf(level);
        if (parent is null)
        {
            if (!MayBeRoot(level))
                return new(field, $"{ZhName(level)}必须指定上级单位", $"A {level} unit needs a parent");
            if (!rootExists) return null;
            // A one-city deployment keeps the words it always had.
            return level == OrgLevel.City
                ? new(levelField, "已存在市级根节点，只能有一个", "A City root already exists; there can be only one")
                : new(levelField, "已存在根节点，只能有一个根节点（省或市）", "A root already exists; there can be only one (a Province or a City)");
        }
        if (allowed.Count == 0)
            return new(field, $"{ZhName(level)}是根节点，不能有上级单位", $"A {level} is the root and cannot have a parent");
        if (!parent.Active)
            return new(field, $"上级单位 {parent.Code} 已停用", $"The parent {parent.Code} is deactivated");
        if (!allowed.Contains(parent.Level))
            return level == OrgLevel.City && parent.Level != OrgLevel.Province
                ? new(field, "市级单位是根节点或隶属于省，不能隶属于" + ZhName(parent.Level),
                    $"A City is the root or sits under a Province, not under a {parent.Level} unit")
                : new(field, $"{ZhName(level)}只能隶属于{ZhName(allowed[0])}，不能隶属于{ZhName(parent.Level)}",
                    $"A {level} unit sits under a {allowed[0]} unit, not under a {parent.Level} unit");
        return null;
    }

    public const string SiblingNameIndex = "uq_org_unit_sibling_name";

    public static Violation NameTaken(string field, string name) =>
        new(field, $"同一上级单位下已有名为“{name}”的单位", $"A unit named '{name}' already sits under the same parent");

    public static Violation CodeTaken(string field, string code) =>
        new(field, $"编码 {code} 已被使用", $"The code {code} is already in use");
}
