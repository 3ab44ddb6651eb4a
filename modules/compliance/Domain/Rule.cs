namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>Where a rule stands: 草稿, 现行有效, 已废止, 已被替代 (by <see cref="Rule.SupersededBy"/>).</summary>
public enum RuleStatus { Draft, Effective, Repealed, Superseded }

/// <summary>One version of a rule's full text: who saved it, when, why, and the .docx it was read from, if any.</summary>
public sealed record RuleVersion(int Number, string Text, string By, DateTimeOffset At, string? Note, Guid? File = null, string? FileName = null);

/// <summary>制度: a rule document kept by an office (the city or a county: <see cref="UnitPath"/> is that office's), which the
/// office's subtree reads and the office changes. Every change of its text is a new version; the newest is in force.</summary>
internal sealed class Rule : IOrgScoped
{
    public Guid Id { get; set; }
    public string DocumentNumber { get; set; } = "";
    public string Title { get; set; } = "";
    public string IssuingBody { get; set; } = "";
    public DateOnly? IssuedOn { get; set; }
    public DateOnly? EffectiveOn { get; set; }
    public DateOnly? RepealedOn { get; set; }
    public RuleStatus Status { get; set; }
    /// <summary>The rule that replaced this one (status <see cref="RuleStatus.Superseded"/>).</summary>
    public Guid? SupersededBy { get; set; }
    /// <summary>The units it applies to (适用范围); empty for the whole of the keeping office's subtree.</summary>
    public List<Guid> Units { get; set; } = [];
    public Guid Keeper { get; set; }
    public string KeeperName { get; set; } = "";
    public List<RuleVersion> Versions { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
    public string UnitPath { get; set; } = "";

    [System.Text.Json.Serialization.JsonIgnore] // the versions hold it; stored once
    public string Text => Versions.Count == 0 ? "" : Versions[^1].Text;
}
