namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

/// <summary>What a personality mainly does online.</summary>
public enum NetizenField { SelfMedia, OnlineWriter, Streamer, OpinionLeader, Other }

/// <summary>Where a personality publishes.</summary>
public enum NetizenPlatform { WeChat, Weibo, Douyin, Kuaishou, Bilibili, Xiaohongshu, Toutiao, Zhihu, Other }

/// <summary>Whether the person was told of (and agreed to) the office keeping this record (个人信息保护法 art. 17).</summary>
public enum ConsentStatus { NotInformed, Informed, Consented, Withdrawn }

/// <summary>A follower count read on a day.</summary>
public sealed record FollowerReading(DateOnly On, long Followers);

/// <summary>One account of the personality on a platform, with its follower counts over time (oldest first).</summary>
public sealed class PlatformPresence
{
    public NetizenPlatform Platform { get; set; }
    public string Handle { get; set; } = "";
    public List<FollowerReading> Followers { get; set; } = [];
    public long LatestFollowers => Followers.Count == 0 ? 0 : Followers.MaxBy(f => f.On)!.Followers;
}

/// <summary>An online personality (网络人士) kept by a unit. Only the public alias and the facts of their public
/// activity are kept here in plain text: real names and contact details are kept only encrypted.</summary>
internal sealed class Profile : IOrgScoped
{
    public Guid Id { get; set; }
    public string Alias { get; set; } = "";
    public NetizenField Field { get; set; }
    public Guid UnitId { get; set; }
    public string UnitPath { get; set; } = "";
    public List<PlatformPresence> Platforms { get; set; } = [];
    public InfluenceTier Tier { get; set; }
    /// <summary>The staff member who keeps contact (联系人), by login.</summary>
    public string ContactKeeper { get; set; } = "";
    public ConsentStatus Consent { get; set; }
    public DateOnly? ConsentOn { get; set; }
    public List<string> Tags { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public Membership? Association { get; set; }
    public TypicalExample? Typical { get; set; }
    public List<Honour> Honours { get; set; } = [];
    /// <summary>Set when a survey import found this one to be (perhaps) the same person as that profile: offered for
    /// merging until someone merges them or keeps both.</summary>
    public Guid? PossibleDuplicateOf { get; set; }
    /// <summary>The profiles merged into this one, kept for ever.</summary>
    public List<MergeRecord> Merged { get; set; } = [];

    // Personal data (个人信息): sealed with AES-GCM, bound to this record and field; only the masks are readable.
    public Sealed? RealName { get; set; }
    public Sealed? Mobile { get; set; }
    public Sealed? Email { get; set; }
    public Sealed? WeChat { get; set; }
    public ContactMasks Masked { get; set; } = new(null, null, null, null);
    /// <summary>The blind index of the mobile number (<see cref="PersonalData.MobileIndex"/>), for exact search.</summary>
    public string? MobileIndex { get; set; }
    /// <summary>When the person's data was erased on request (the record stays for the unit's figures).</summary>
    public DateTimeOffset? AnonymisedAt { get; set; }

    /// <summary>What the associated data of a sealed field is: the record and the field, so that a value copied into
    /// another record or field does not open.</summary>
    public string Context(string field) => $"{Id}/{field}";

    /// <summary>Derives the tier again from the platforms' latest follower counts.</summary>
    public void Retier() => Tier = InfluenceTiers.Of(Platforms.Select(p => p.LatestFollowers).DefaultIfEmpty(0).Max());
}

/// <summary>The masked forms of the personal data (张**, 138****1234), what every list, export and log shows.</summary>
public sealed record ContactMasks(string? RealName, string? Mobile, string? Email, string? WeChat);

/// <summary>The personal data as entered or revealed.</summary>
public sealed record Contact(string? RealName, string? Mobile, string? Email, string? WeChat)
{
    // Never printed: a record's generated ToString would put the values into logs and exception texts.
    public override string ToString() => "Contact { (personal data) }";
}

/// <summary>A duplicate registration merged into a profile: which one, when, by whom, what it brought.</summary>
public sealed record MergeRecord(Guid From, string Alias, DateTimeOffset At, string By, string What);
