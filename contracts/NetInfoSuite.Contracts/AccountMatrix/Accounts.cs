using MediatR;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.AccountMatrix;

/// <summary>A new-media account of the matrix, as other modules may know it. (Since 1.1.)</summary>
public sealed record AccountInfo(Guid Id, string Name, string Platform, OrgUnitId Owner);

/// <summary>One account, or null. Answered by the account-matrix module when it is deployed.</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record GetAccount(Guid Id) : IRequest<AccountInfo?>;

/// <summary>The permissions of the account-matrix module. (Since 1.2.)</summary>
public static class AccountMatrixPermissions
{
    public const string Read = "account-matrix.read";
    public const string Manage = "account-matrix.manage";
    public const string Metrics = "account-matrix.metrics";
}
