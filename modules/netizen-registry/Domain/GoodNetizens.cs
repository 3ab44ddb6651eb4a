namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

/// <summary>The level of the body that gave an honour (County last: added for counties' own selections, ADR 0030).</summary>
public enum HonourLevel { City, Provincial, National, County }

/// <summary>An honour (荣誉): title, level, issuing body and date.</summary>
public sealed record Honour(Guid Id, string Title, HonourLevel Level, string Issuer, DateOnly AwardedOn);

/// <summary>Where a typical example's story was published (e.g. on a national platform).</summary>
public sealed record Publication(string Platform, string Url);

/// <summary>好网民典型: the person's story and where it was published.</summary>
public sealed record TypicalExample(string Story, DateOnly RecognisedOn, IReadOnlyList<Publication> Publications);

/// <summary>The person's place in the self-media association (自媒体行业协会).</summary>
public sealed record Membership(string Role, DateOnly Since, DateOnly? Until);

/// <summary>How the office met a personality.</summary>
public enum InteractionKind { Forum, Visit, ContactPoint, Online, AssociationActivity }

/// <summary>One contact between the office and personalities (座谈会, a visit, a contact-point activity, online).</summary>
internal sealed class Interaction : IOrgScoped
{
    public Guid Id { get; set; }
    public string UnitPath { get; set; } = "";
    public InteractionKind Kind { get; set; }
    public DateOnly On { get; set; }
    public List<Guid> Profiles { get; set; } = [];
    /// <summary>Staff who took part, by name as written.</summary>
    public string Staff { get; set; } = "";
    public string Summary { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}
