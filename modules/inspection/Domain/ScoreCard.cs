namespace NetInfoSuite.Modules.Inspection.Domain;

/// <summary>One target's score card in a plan: what the inspectors entered, and, once finalised, the figures read from
/// the other modules at that moment (so a later change there never rewrites it). Scoped like its plan.</summary>
internal sealed class ScoreCard : IOrgScoped
{
    public Guid Id { get; set; }
    public Guid Plan { get; set; }
    public Guid Unit { get; set; }
    public string UnitName { get; set; } = "";
    public Dictionary<Guid, ScoreInput> Inputs { get; set; } = [];
    /// <summary>The figures as read when the card was finalised; null while it is open (figures are read live).</summary>
    public Dictionary<Guid, Figure>? Frozen { get; set; }
    public DateTimeOffset? FinalisedAt { get; set; }
    public string? FinalisedBy { get; set; }
    public string UnitPath { get; set; } = "";
}

/// <summary>An inspector's entry for one indicator: a score (manual, bonus, or a missing module's fallback), the
/// findings of a deduction, a veto's failure, and the comment and evidence link.</summary>
public sealed class ScoreInput
{
    public double? Score { get; set; }
    public int Findings { get; set; }
    public bool Vetoed { get; set; }
    public string? Comment { get; set; }
    public string? Evidence { get; set; }
    /// <summary>Evidence files (<see cref="EvidenceFile"/>) attached to the entry.</summary>
    public List<EvidenceRef> Files { get; set; } = [];
    public string By { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>An evidence file as a card names it.</summary>
public sealed record EvidenceRef(Guid Id, string Name, int Size);

/// <summary>A file an inspector attached to an entry of a card (佐证材料), scoped like the card. Kept whole in the document:
/// at most <see cref="MaxBytes"/>, a handful per entry.</summary>
internal sealed class EvidenceFile : IOrgScoped
{
    public const int MaxBytes = 10 * 1024 * 1024, MaxPerEntry = 10;

    public Guid Id { get; set; }
    public Guid Plan { get; set; }
    public Guid Unit { get; set; }
    public string Name { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public string By { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string UnitPath { get; set; } = "";
}
