using System.Collections.Frozen;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Plugins;

namespace NetInfoSuite.Host.Security;

/// <summary>Which role holds which permission: the platform's own grants plus every loaded module's.</summary>
public sealed class PermissionRegistry
{
    public const string ManageUsers = "platform.users.manage";
    public const string ReadAudit = "platform.audit.read";
    public const string ManageModuleRules = "platform.modules.rules";
    public const string ConfigureModules = "platform.modules.configure";
    public const string ManageOutbox = "platform.outbox";

    public static readonly IReadOnlyList<PermissionGrant> Platform =
    [
        new(ManageUsers, "管理用户", "Manage users", [Role.SystemAdmin, Role.CityAdmin, Role.CountyAdmin]),
        new(ReadAudit, "查看审计日志", "Read the audit trail", [Role.SystemAdmin, Role.CityAdmin, Role.Auditor]),
        new(ManageModuleRules, "规定各租户可用的模块", "Decide which modules each tenant may use", [Role.SystemAdmin]),
        new(ConfigureModules, "启用或停用本租户的模块", "Switch the tenant's modules on or off",
            [Role.SystemAdmin, Role.CityAdmin, Role.CountyAdmin]),
        new(ManageOutbox, "处理模块间未送达的消息", "Handle undelivered messages between modules", [Role.SystemAdmin]),
    ];

    private readonly FrozenDictionary<Role, FrozenSet<string>> _byRole;

    public PermissionRegistry(ModuleCatalog catalog)
    {
        All = Platform.Concat(catalog.Loaded.SelectMany(m => m.Manifest!.Permissions)).ToList();
        _byRole = Enum.GetValues<Role>().ToFrozenDictionary(r => r,
            r => All.Where(p => p.GrantedTo.Contains(r)).Select(p => p.Name).ToFrozenSet());
    }

    public IReadOnlyList<PermissionGrant> All { get; }

    public bool Grants(IEnumerable<Role> roles, string permission) =>
        permission == RequiresPermissionAttribute.AnyUser || roles.Any(r => _byRole[r].Contains(permission));
}
