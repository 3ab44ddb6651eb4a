namespace NetInfoSuite.Modules.AccountMatrix.Publishing;

/// <summary>AwaitingManual (待人工发布): its time came and no connector sends to its platform; an editor posts it by
/// hand and records the link.</summary>
public enum TargetStatus { Draft, InReview, Approved, Rejected, Scheduled, Published, Failed, AwaitingManual }

/// <summary>The seven checks of 先审后发: 政治, 法律, 政策, 保密, 文字, 稿源, 安全.</summary>
public enum ReviewCheck { Political, Legal, Policy, Secrecy, Wording, Source, Security }

public sealed record CheckResult(ReviewCheck Check, bool Pass, string? Comment);

public sealed record Review(string Reviewer, DateTimeOffset At, IReadOnlyList<CheckResult> Checks);

/// <summary>One account a publication goes out on, with its own way through review and sending. A revised piece
/// keeps the reviews of its earlier versions. Link: the published post (from the connector, or recorded by the editor
/// who posted it by hand: PostedBy).</summary>
public sealed record PublicationTarget(Guid AccountId, string AccountName, AccountPlatform Platform, TargetStatus Status,
    Review? Review = null, DateTimeOffset? ScheduledAt = null, DateTimeOffset? PublishedAt = null, string? FailureReason = null,
    IReadOnlyList<Review>? EarlierReviews = null, string? Link = null, string? PostedBy = null);

/// <summary>A piece to publish on several accounts, reviewed before it goes out (先审后发).</summary>
internal sealed class Publication : IOrgScoped
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public List<string> Links { get; set; } = [];
    public List<string> Media { get; set; } = [];
    public string Author { get; set; } = "";
    public string UnitPath { get; set; } = "";

    /// <summary>The author's unit, the last one on the path; null for a city-wide author's piece (path "/").</summary>
    public Guid? UnitId() => UnitPath.TrimEnd('/').Split('/')[^1] is { Length: > 0 } last ? Guid.ParseExact(last, "N") : null;
    public List<PublicationTarget> Targets { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

public enum WordKind { Sensitive, CommonlyWrong }

/// <summary>An entry of the maintained dictionary the 文字 check is helped by.</summary>
internal sealed class DictionaryWord
{
    /// <summary>The word itself for the city's entries; "tenant/word" for a county's own.</summary>
    public string Id { get; set; } = "";
    /// <summary>The county (tenant code) whose own addition this is; null for the city-wide dictionary, which every
    /// county's review uses and the city alone changes.</summary>
    public string? Owner { get; set; }
    public WordKind Kind { get; set; }
    public string? Suggestion { get; set; }

    public string Word => Owner is null ? Id : Id[(Owner.Length + 1)..];

    public static string IdOf(string? owner, string word) => owner is null ? word : $"{owner}/{word}";

    /// <summary>Whose entries the caller writes: null (the city-wide dictionary) for the city level, else its county.</summary>
    public static string? OwnerOf(ICaller caller) => caller.IsCityWide ? null : caller.Tenant.Value;

    /// <summary>The dictionary the caller works with, in word order (ordinal), as the list shows it and the scan
    /// builds from it: the city's words and the caller's county's own.</summary>
    public static async Task<List<DictionaryWord>> AllAsync(IQuerySession session, ICaller caller, CancellationToken ct)
    {
        var own = OwnerOf(caller);
        return (await session.Query<DictionaryWord>().Where(w => w.Owner == null || w.Owner == own).ToListAsync(ct))
            .OrderBy(w => w.Word, StringComparer.Ordinal).ThenBy(w => w.Owner is not null).DistinctBy(w => w.Word).ToList();
    }
}
