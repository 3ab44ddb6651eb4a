namespace NetInfoSuite.Contracts.Security;

/// <summary>What a user does in the office. Permissions are granted to roles by the manifests.</summary>
public enum Role
{
    /// <summary>IT: modules, tenants, users.</summary>
    SystemAdmin,
    CityAdmin,
    CountyAdmin,
    Editor,
    Reviewer,
    GridOperator,
    Inspector,
    ComplianceOfficer,
    /// <summary>May reveal personal data in the netizen registry.</summary>
    RegistryOfficer,
    /// <summary>Read-only, including the audit log.</summary>
    Auditor,
    Viewer,
}

/// <summary>A permission a module (or the platform) defines, and the roles it is granted to.</summary>
public sealed record PermissionGrant(string Name, string DescriptionZhCn, string DescriptionEn, IReadOnlyList<Role> GrantedTo);

/// <summary>The permission a MediatR request needs. Every request declares one; the pipeline checks it
/// before the handler. <see cref="AnyUser"/> lets every signed-in user through.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPermissionAttribute(string permission) : Attribute
{
    public const string AnyUser = "any-user";
    public string Permission { get; } = permission;
}

/// <summary>A request that changes something: it gets an audit record with its outcome.
/// The target id is read from the request's Id property, else from the response's.</summary>
public interface ICommand<out TResponse> : MediatR.IRequest<TResponse>;

/// <summary>Roles as people read them: a page shows 网格员, never GridOperator.</summary>
public static class RoleNames
{
    public static Modularity.LocalizedText Of(Role role) => role switch
    {
        Role.SystemAdmin => new("系统管理员", "System administrator"),
        Role.CityAdmin => new("市级管理员", "City administrator"),
        Role.CountyAdmin => new("县级管理员", "County administrator"),
        Role.Editor => new("编辑", "Editor"),
        Role.Reviewer => new("审核员", "Reviewer"),
        Role.GridOperator => new("网格员", "Grid operator"),
        Role.Inspector => new("巡察员", "Inspector"),
        Role.ComplianceOfficer => new("合规专员", "Compliance officer"),
        Role.RegistryOfficer => new("网络人士登记员", "Registry officer"),
        Role.Auditor => new("审计员", "Auditor"),
        Role.Viewer => new("查看者", "Viewer"),
        _ => new(role.ToString(), role.ToString()),
    };
}
