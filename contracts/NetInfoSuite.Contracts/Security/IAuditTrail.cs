namespace NetInfoSuite.Contracts.Security;

/// <summary>For what the platform does not audit by itself: a module records a sensitive read (e.g. revealing
/// a person's contact details) with the caller, unit, tenant and correlation id filled in. (Since 1.1.)</summary>
public interface IAuditTrail
{
    Task RecordReadAsync(string action, string targetId, CancellationToken ct = default);
}
