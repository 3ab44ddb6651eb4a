namespace NetInfoSuite.Modules.Directory.Domain;

/// <summary>The tree's invariants, each with its own clear error in both languages.</summary>
internal static class OrgRules
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 100;

    /// <summary>Letters, digits, '-' and '.', e.g. an administrative division code 231002.</summary>
    public static bool IsValidCode(string? code) =>
        code is { Length: > 0 and <= MaxCodeLength } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    /// <summary>Which level a unit of this level must sit under (null: the City is the root).</summary>
    public static OrgLevel? ParentLevelOf(OrgLevel level) => level switch
    {
        OrgLevel.City => null,
        OrgLevel.County or OrgLevel.Department => OrgLevel.City,
        OrgLevel.Street => OrgLevel.County,
        OrgLevel.Community => OrgLevel.Street,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static string ZhName(OrgLevel level) => level switch
    {
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
            "县" or "区" or "县级市" or "县区" => OrgLevel.County,
            "乡镇" or "街道" or "乡" or "镇" => OrgLevel.Street,
            "村" or "社区" => OrgLevel.Community,
            _ => null,
        };
    }

    /// <summary>Whether a unit of <paramref name="level"/> may sit under <paramref name="parent"/>.</summary>
    public static Violation? CheckParent(string levelField, string field, OrgLevel level, OrgUnit? parent, bool cityExists)
    {
        var required = ParentLevelOf(level);
        if (required is null)
        {
            if (parent is not null)
                return new(field, "市级单位是根节点，不能有上级单位", "The City is the root and cannot have a parent");
            return cityExists ? new(levelField, "已存在市级根节点，只能有一个", "A City root already exists; there can be only one") : null;
        }
        if (parent is null)
            return new(field, $"{ZhName(level)}必须指定上级单位", $"A {level} unit needs a parent");
        if (!parent.Active)
            return new(field, $"上级单位 {parent.Code} 已停用", $"The parent {parent.Code} is deactivated");
        if (parent.Level != required)
            return new(field, $"{ZhName(level)}只能隶属于{ZhName(required.Value)}，不能隶属于{ZhName(parent.Level)}",
                $"A {level} unit sits under a {required} unit, not under a {parent.Level} unit");
        return null;
    }

    public const string SiblingNameIndex = "uq_org_unit_sibling_name";

    public static Violation NameTaken(string field, string name) =>
        new(field, $"同一上级单位下已有名为“{name}”的单位", $"A unit named '{name}' already sits under the same parent");

    public static Violation CodeTaken(string field, string code) =>
        new(field, $"编码 {code} 已被使用", $"The code {code} is already in use");
}
