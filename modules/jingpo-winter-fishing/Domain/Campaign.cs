namespace NetInfoSuite.Modules.JingpoWinterFishing.Domain;

/// <summary>镜泊湖冬捕: a campaign of a few days, the accounts and personalities taking part, and their posts.</summary>
internal sealed class Campaign
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public DateOnly FirstDay { get; set; }
    public DateOnly LastDay { get; set; }
    public List<Participant> Participants { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsCampaignDay(DateOnly day) => day >= FirstDay && day <= LastDay;
}

internal enum ParticipantKind { Account, Personality }

/// <summary>An account of the matrix or a registered personality, referred to by its id in that module.</summary>
internal sealed record Participant(Guid Id, ParticipantKind Kind, string Name);

/// <summary>One post about the campaign and its reach; the URL identifies it, so recording it again replaces it.</summary>
internal sealed class CampaignPost
{
    public string Id { get; set; } = ""; // campaign id + url
    public Guid CampaignId { get; set; }
    public Guid ParticipantId { get; set; }
    public string Title { get; set; } = "";
    public string Url { get; set; } = "";
    public DateOnly PublishedOn { get; set; }
    public long Reads { get; set; }
    public long Likes { get; set; }
    public long Shares { get; set; }
}
