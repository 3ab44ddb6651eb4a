namespace NetInfoSuite.Host.Audit;

public enum AuditOutcome { Ok, Rejected, Failed }

/// <summary>One command (or sign-in, or sensitive read) and how it ended. Append-only: no API changes or
/// deletes one, and a database trigger refuses UPDATE and DELETE on the table.</summary>
public sealed class AuditRecord
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public string Login { get; set; } = "";
    public Guid? OrgUnitId { get; set; }
    public string Tenant { get; set; } = "";
    /// <summary>The request type, e.g. CreateOrgUnit, or SignIn.</summary>
    public string Action { get; set; } = "";
    public string? TargetId { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Reason { get; set; }
    public string CorrelationId { get; set; } = "";
}
