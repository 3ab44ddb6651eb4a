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
