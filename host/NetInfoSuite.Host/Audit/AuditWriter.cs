using Marten;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Audit;

/// <summary>Makes audit records and appends them in their own transaction: for sign-ins, and for commands
/// whose own transaction did not carry their record (refused, failed, or nothing to save).</summary>
public sealed class AuditWriter(IDocumentStore store, TimeProvider clock, IHttpContextAccessor http)
{
    public AuditRecord NewRecord(ICaller caller, string action, string? targetId, AuditOutcome outcome, string? reason) => new()
    {
        Id = Guid.CreateVersion7(), At = clock.GetUtcNow(), UserId = caller.UserId, Login = caller.Login,
        OrgUnitId = caller.OrgUnit?.Value, Tenant = caller.Tenant.Value, Action = action, TargetId = targetId,
        Outcome = outcome, Reason = Clip(reason),
        CorrelationId = http.HttpContext?.TraceIdentifier ?? "",
    };

    /// <summary>Reasons are kept to 1,000 characters.</summary>
    public static string? Clip(string? reason) => reason is { Length: > 1000 } ? reason[..1000] : reason;

    public Task WriteAsync(ICaller caller, string action, string? targetId, AuditOutcome outcome, string? reason) =>
        WriteAsync(NewRecord(caller, action, targetId, outcome, reason));

    public async Task WriteAsync(AuditRecord record)
    {
        // The record outlives a cancelled request.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(CancellationToken.None);
        await using var cmd = new Npgsql.NpgsqlCommand(AuditTable.Insert("$1"), connection) { Parameters = { new() { Value = AuditTable.ToJson(record) } } };
        await cmd.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
