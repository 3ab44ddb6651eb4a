namespace NetInfoSuite.Contracts.Security;

/// <summary>The names of the users with these logins (unknown logins are left out), so a page shows who drafted
/// or reviewed something by name, not by login. Answered by the host. (Since 1.5.)</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record GetPeopleNames(IReadOnlyList<string> Logins) : MediatR.IRequest<IReadOnlyDictionary<string, string>>;
