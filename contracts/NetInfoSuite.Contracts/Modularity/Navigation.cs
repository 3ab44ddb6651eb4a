namespace NetInfoSuite.Contracts.Modularity;

/// <summary>One link a module adds to the console's navigation. Shown only to users holding
/// <paramref name="Permission"/>, and only while the module is enabled for their tenant. (Since 1.2.)</summary>
public sealed record NavigationItem(string Href, LocalizedText Title, string Permission);

/// <summary>The categories the navigation groups modules by, in this order; other categories follow under
/// their own name. (Since 1.2.)</summary>
public static class ModuleCategories
{
    public const string Platform = "platform";
    public const string Matrix = "matrix";
    public const string Propagation = "propagation";
    public const string Compliance = "compliance";
    public const string Evaluation = "evaluation";
    public const string Registry = "registry";
    public const string Local = "local";

    public static readonly IReadOnlyList<(string Id, LocalizedText Title)> Known =
    [
        (Platform, new("基础平台", "Platform")),
        (Matrix, new("新媒体矩阵", "Account matrix")),
        (Propagation, new("网格传播", "Propagation")),
        (Compliance, new("合规整改", "Compliance")),
        (Evaluation, new("检查考评", "Inspection")),
        (Registry, new("网络人士", "Registry")),
        (Local, new("本地应用", "Local")),
    ];
}
