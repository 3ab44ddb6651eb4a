namespace NetInfoSuite.Modules.AccountMatrix.Domain;

public enum AccountPlatform { WeChat, WeChatChannels, Weibo, Douyin, Kuaishou, Toutiao, Bilibili, CountyApp, Website, Other }

public enum AccountCategory { Government, News, Service }

public enum AccountStatus { Applied, Filed, Active, Suspended, Merged, Closed }

/// <summary>互联网新闻信息服务许可: required of a News account, and must be valid.</summary>
public sealed record NewsLicence(string Number, string Issuer, DateOnly ValidFrom, DateOnly ValidTo);

public sealed record AccountOperator(string Name, string? Contact);

/// <summary>One step of an account's life, kept for ever.</summary>
public sealed record AccountEvent(DateTimeOffset At, AccountStatus Status, string By, string? Note);

/// <summary>A new-media account of the matrix, owned by an org unit.</summary>
internal sealed class Account : IOrgScoped
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public AccountPlatform Platform { get; set; }
    public string Handle { get; set; } = "";
    public AccountCategory Category { get; set; }
    public Guid OwnerUnitId { get; set; }
    /// <summary>The owner unit's place in the tree, for subtree scope ("/{city}/{county}/…/").</summary>
    public string UnitPath { get; set; } = "";
    /// <summary>The owner unit's level (县级政务号 lists pick County).</summary>
    public NetInfoSuite.Contracts.Directory.OrgLevel OwnerLevel { get; set; }
    public List<AccountOperator> Operators { get; set; } = [];
    public bool Verified { get; set; }
    public NewsLicence? Licence { get; set; }
    public AccountStatus Status { get; set; }
    /// <summary>Why the unit has a second account on this platform (the rule is one per platform); flagged in lists.</summary>
    public string? SecondAccountReason { get; set; }
    public Guid? MergedInto { get; set; }
    public List<AccountEvent> History { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A repost task: did this account repost the directive? Made from grid-dispatch's DirectiveIssued.</summary>
internal sealed class RepostTask : IOrgScoped
{
    public string Id { get; set; } = ""; // directive + account: one task per pair however often the notice comes
    public Guid DirectiveId { get; set; }
    public Guid AccountId { get; set; }
    public string AccountName { get; set; } = "";
    public string UnitPath { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTimeOffset Deadline { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? Link { get; set; }
}
