using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Audit;

/// <summary>An audit record's action (a command's type name, or one the platform writes itself) in words for the
/// audit page and export. The platform's own are named here; a module's command reads as the permission it
/// requires ("审批并下发指令"), which every module already names in both languages — never the type name.</summary>
internal sealed class AuditActionNames
{
    private static readonly Dictionary<string, LocalizedText> Platform = new()
    {
        ["SignIn"] = new("登录", "Sign-in"),
        ["ChangePassword"] = new("修改密码", "Change password"),
        ["Export"] = new("导出数据", "Export"),
        ["Forbidden"] = new("无权访问被拒绝", "Access refused"),
        ["CreateUser"] = new("新建用户", "Create user"),
        ["UpdateUser"] = new("修改用户", "Edit user"),
        ["ResetPassword"] = new("重置密码", "Reset password"),
        ["SetModuleEnabled"] = new("启用或停用模块", "Switch a module on or off"),
        ["SetModuleRules"] = new("修改模块使用规则", "Change module rules"),
        ["RetryOutboxMessage"] = new("重新投递模块间消息", "Deliver a module message again"),
    };

    private readonly Dictionary<string, LocalizedText> _names;

    public AuditActionNames(ModuleCatalog catalog, PermissionRegistry permissions)
    {
        var described = permissions.All.ToDictionary(p => p.Name, p => new LocalizedText(p.DescriptionZhCn, p.DescriptionEn));
        _names = new Dictionary<string, LocalizedText>(Platform);
        foreach (var type in catalog.Loaded.Select(m => m.Assembly).OfType<System.Reflection.Assembly>().SelectMany(SafeTypes))
            if (IsCommand(type) && type.GetCustomAttributes(typeof(RequiresPermissionAttribute), false) is [RequiresPermissionAttribute required]
                && described.TryGetValue(required.Permission, out var name))
                _names.TryAdd(type.Name, name);
    }

    /// <summary>Every action the loaded modules and the platform can record, for the page's filter.</summary>
    public IEnumerable<KeyValuePair<string, LocalizedText>> All => _names.OrderBy(n => n.Value.ZhCn, StringComparer.Ordinal);

    public string Of(string action) => _names.TryGetValue(action, out var name) ? name.Current : NetInfoSuite.Ui.Text.T("其他操作", "Other action");

    private static bool IsCommand(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>));

    private static IEnumerable<Type> SafeTypes(System.Reflection.Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (System.Reflection.ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }
}
