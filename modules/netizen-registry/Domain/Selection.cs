using System.Security.Cryptography;
using System.Text;

namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

/// <summary>The stages of a selection campaign, in the only order they are passed (ADR 0030).</summary>
public enum SelectionStage { Nomination, Qualification, Scoring, Publicity, Announced }

/// <summary>Where a candidate stands: nominated, passed or refused by the qualification review, or struck off by an
/// upheld objection in the publicity period.</summary>
public enum CandidateStatus { Nominated, Qualified, Refused, Disqualified }

/// <summary>One nominated personality: who nominated them and why (the reason is the story the voting page shows),
/// the review, and after voting their figures.</summary>
public sealed class Candidate
{
    public Guid Id { get; set; }
    public Guid ProfileId { get; set; }
    public Guid NominatedByUnit { get; set; }
    public string NominatedBy { get; set; } = "";
    public DateTimeOffset NominatedAt { get; set; }
    public string Reason { get; set; } = "";
    public CandidateStatus Status { get; set; }
    public string? ReviewNote { get; set; }
    public string? ReviewedBy { get; set; }
    /// <summary>Set when voting closes (the move to publicity): the jury's average, the votes, the final result.</summary>
    public double? JuryAverage { get; set; }
    public int JuryScores { get; set; }
    public long Votes { get; set; }
    public double? Final { get; set; }
    public bool Winner { get; set; }
}

/// <summary>An objection lodged in the publicity period (公示) against a candidate, and its answer.</summary>
public sealed class Objection
{
    public Guid Id { get; set; }
    public Guid CandidateId { get; set; }
    public string Text { get; set; } = "";
    public string By { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Answer { get; set; }
    /// <summary>The objection was found right: the candidate is struck off.</summary>
    public bool Upheld { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>Who moved a campaign to a stage, and when.</summary>
public sealed record StageChange(SelectionStage To, string By, DateTimeOffset At);

/// <summary>最美好网民评选: a selection campaign run by a unit (the city or a county), at that unit's level.</summary>
internal sealed class Selection : IOrgScoped
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The honour the winners receive (e.g. 2026年度牡丹江市最美好网民).</summary>
    public string HonourTitle { get; set; } = "";
    public HonourLevel Level { get; set; }
    public Guid UnitId { get; set; }
    public string UnitName { get; set; } = "";
    public string UnitPath { get; set; } = "";
    /// <summary>The jurors, by login: each scores each qualified candidate once.</summary>
    public List<string> Jurors { get; set; } = [];
    /// <summary>Public voting is open on these Beijing days, both included, while the campaign is in <see cref="SelectionStage.Scoring"/>.</summary>
    public DateOnly VoteFrom { get; set; }
    public DateOnly VoteTo { get; set; }
    public int Winners { get; set; }
    /// <summary>The last day of the publicity period (公示), set when the campaign enters it.</summary>
    public DateOnly? PublicityUntil { get; set; }
    public SelectionStage Stage { get; set; }
    public List<StageChange> History { get; set; } = [];
    public List<Candidate> Candidates { get; set; } = [];
    public List<Objection> Objections { get; set; } = [];
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public bool VotingOpenOn(DateOnly day) => Stage == SelectionStage.Scoring && day >= VoteFrom && day <= VoteTo;
}

/// <summary>One juror's score for one candidate. Its id is made of the three, so a second score is refused by the
/// table's primary key, however many arrive at once.</summary>
internal sealed class JuryScore
{
    public Guid Id { get; set; }
    public Guid SelectionId { get; set; }
    public Guid CandidateId { get; set; }
    public string Juror { get; set; } = "";
    public int Score { get; set; }
    public DateTimeOffset At { get; set; }

    public static Guid IdOf(Guid selection, Guid candidate, string juror) => Keys.Of($"score/{selection}/{candidate}/{juror}");
}

/// <summary>One public vote: a voter (the keyed hash of a confirmed mobile number, never the number) for a candidate on
/// a Beijing day. The id is made of the four, so the primary key allows one per voter, candidate and day.</summary>
internal sealed class Vote
{
    public Guid Id { get; set; }
    public Guid SelectionId { get; set; }
    public Guid CandidateId { get; set; }
    public string Voter { get; set; } = "";
    public DateOnly Day { get; set; }
    public DateTimeOffset At { get; set; }

    public static Guid IdOf(Guid selection, Guid candidate, string voter, DateOnly day) => Keys.Of($"vote/{selection}/{candidate}/{voter}/{day:yyyy-MM-dd}");
}

/// <summary>A one-time code sent to a mobile number for voting: only its keyed hash is kept, it expires soon and allows
/// a few attempts; once confirmed, the voter's token (kept as a hash too) lets them vote for a while.</summary>
internal sealed class VoteCode
{
    public Guid Id { get; set; }
    public Guid SelectionId { get; set; }
    public string Voter { get; set; } = "";
    public DateOnly Day { get; set; }
    public string CodeHash { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public int Attempts { get; set; }
    public string? TokenHash { get; set; }
    public DateTimeOffset? TokenExpiresAt { get; set; }
}

internal static class Keys
{
    /// <summary>A stable id from a text (the first 16 bytes of its SHA-256).</summary>
    public static Guid Of(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
