namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>What a registered media unit is.</summary>
public enum MediaUnitKind { Website, NewMediaAccount, App, NewsOutlet, Company }

/// <summary>Its category under the negative list for non-public capital entering the media: 禁止类, 限制类, 许可.</summary>
public enum NegativeListCategory { Prohibited, Restricted, Permitted }

public enum MediaUnitStatus { Active, Suspended, Deregistered }

/// <summary>传媒领域非公有资本 registry: a unit with non-public capital in the media, supervised by an org unit (whose
/// subtree and those above see it). Its credit code is unique.</summary>
internal sealed class MediaUnit : IOrgScoped
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string CreditCode { get; set; } = "";
    public MediaUnitKind Kind { get; set; }
    /// <summary>The non-public share of its capital, in percent (the public share is the rest).</summary>
    public decimal NonPublicShare { get; set; }
    public NegativeListCategory Category { get; set; }
    public string BusinessScope { get; set; } = "";
    public DateOnly FiledOn { get; set; }
    public MediaUnitStatus Status { get; set; }
    public string Notes { get; set; } = "";
    public List<Guid> Accounts { get; set; } = [];
    public Guid Supervisor { get; set; }
    public string SupervisorName { get; set; } = "";
    public string UnitPath { get; set; } = "";
}
