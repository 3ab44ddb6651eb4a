using MediatR;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Contracts.NetizenRegistry;

/// <summary>An online personality as other modules may know it: a public name, no personal data. (Since 1.1.)</summary>
public sealed record PersonalityInfo(Guid Id, string PublicName);

/// <summary>One personality, or null. Answered by the netizen-registry module when it is deployed.</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record GetPersonality(Guid Id) : IRequest<PersonalityInfo?>;

/// <summary>The permissions of the netizen-registry module. (Since 1.8.)</summary>
public static class NetizenRegistryPermissions
{
    public const string Read = "netizen-registry.read";
    public const string Manage = "netizen-registry.manage";
    /// <summary>Reveal one person's personal data, giving a purpose (RegistryOfficer).</summary>
    public const string Reveal = "netizen-registry.reveal";
    /// <summary>Erase a person's data on their request (RegistryOfficer).</summary>
    public const string Erase = "netizen-registry.erase";
    /// <summary>Rotate the keys that seal personal data (SystemAdmin).</summary>
    public const string Keys = "netizen-registry.keys";
}

/// <summary>A count under a name people read (e.g. 自媒体 12), with the code it stands for. (Since 1.8.)</summary>
public sealed record NamedCount(string Code, LocalizedText Name, int Count);

/// <summary>A unit subtree's online personalities and good netizens over a period, for inspection score cards.
/// Personalities: registered by <c>To</c> and not erased, by field and by influence tier. TypicalGoodNetizens: typical
/// examples recognised by <c>To</c>. Honours: awarded within the period, by level. Campaigns: field trips overlapping
/// the period, their distinct participants and the reads of their content and topics. (Since 1.8.)</summary>
public sealed record NetizenSummary(
    OrgUnitId Unit, DateOnly From, DateOnly To,
    int Personalities, IReadOnlyList<NamedCount> ByField, IReadOnlyList<NamedCount> ByTier,
    int TypicalGoodNetizens, int Honours, IReadOnlyList<NamedCount> HonoursByLevel,
    int Campaigns, int CampaignParticipants, long ContentReads, long TopicReads);

/// <summary>The netizen summary of a unit's subtree over a period; answered by netizen-registry. (Since 1.8.)</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
public sealed record GetNetizenSummary(OrgUnitId Unit, DateOnly From, DateOnly To) : IRequest<NetizenSummary>;

/// <summary>Published (through the outbox) when a field-trip campaign (采风活动) is closed, with its final figures. (Since 1.8.)</summary>
public sealed record CampaignClosed(Guid CampaignId, string Name, OrgUnitId Unit, DateOnly From, DateOnly To,
    int Participants, int Contents, long ContentReads, long TopicReads) : INotification;
