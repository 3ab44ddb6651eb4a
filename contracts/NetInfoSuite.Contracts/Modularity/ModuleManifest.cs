namespace NetInfoSuite.Contracts.Modularity;

/// <summary>Who a module is and what it needs. <paramref name="ContractsVersion"/> defaults to the
/// contracts the module was compiled against; do not set it by hand.</summary>
public sealed record ModuleManifest(
    string Id,
    LocalizedText Name,
    string Version,
    string Category,
    IReadOnlyList<string> DependsOn,
    string ContractsVersion = ContractsInfo.Version)
{
    /// <summary>The permissions the module defines and the roles they are granted to (since 1.1).</summary>
    public IReadOnlyList<Security.PermissionGrant> Permissions { get; init; } = [];

    /// <summary>True when all the module's documents are shared by every tenant (like the org tree): they then
    /// live in the main database even when tenants are spread over several databases. (Since 1.1.)</summary>
    public bool SharedData { get; init; }

    /// <summary>Where the module sits among the others of its category in the navigation: lower first. (Since 1.2.)</summary>
    public int Order { get; init; } = 100;

    /// <summary>The module's pages in the console's navigation, in this order. (Since 1.2.)</summary>
    public IReadOnlyList<NavigationItem> Navigation { get; init; } = [];

    /// <summary>The module's own PostgreSQL schema: its id with dashes as underscores.</summary>
    public string Schema => Id.Replace('-', '_');
}
