using MediatR;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.NetizenRegistry;

/// <summary>An online personality as other modules may know it: a public name, no personal data. (Since 1.1.)</summary>
public sealed record PersonalityInfo(Guid Id, string PublicName);

/// <summary>One personality, or null. Answered by the netizen-registry module when it is deployed.</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record GetPersonality(Guid Id) : IRequest<PersonalityInfo?>;
