using Microsoft.AspNetCore.Authorization;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Ui;

/// <summary>A console page for users holding <paramref name="permission"/>; anyone else is sent to sign in
/// (anonymous) or refused (signed in without it).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class PagePermissionAttribute(string permission) : AuthorizeAttribute(EndpointPermissions.Policy(permission));
