namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>专项治理: a campaign an office runs over a period against target units, enforcing a rule of the library; the
/// review cases and notices it produced are linked to it. Kept by the organising office (<see cref="UnitPath"/>): its
/// subtree reads it, and so do the offices below the city when the city runs it.</summary>
internal sealed class Campaign : IOrgScoped
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    /// <summary>What the campaign covers and asks of the targets.</summary>
    public string Scope { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public List<Guid> Targets { get; set; } = [];
    public Guid? Rule { get; set; }
    public List<Guid> Cases { get; set; } = [];
    public List<Guid> Notices { get; set; } = [];
    public Guid Organizer { get; set; }
    public string OrganizerName { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string UnitPath { get; set; } = "";
}
