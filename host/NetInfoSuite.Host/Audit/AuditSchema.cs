using Npgsql;

namespace NetInfoSuite.Host.Audit;

/// <summary>Makes the audit table append-only in the database itself: UPDATE, DELETE and TRUNCATE raise an error,
/// whatever code or person issues them. Runs after Marten has created the table.</summary>
internal sealed class AuditSchema(string connectionString) : IHostedService
{
    private const string Table = "platform.mt_doc_auditrecord";

    public async Task StartAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            create or replace function platform.audit_is_append_only() returns trigger language plpgsql as $$
            begin raise exception 'audit records are append-only'; end $$;
            drop trigger if exists audit_append_only on {Table};
            create trigger audit_append_only before update or delete on {Table}
                for each row execute function platform.audit_is_append_only();
            drop trigger if exists audit_no_truncate on {Table};
            create trigger audit_no_truncate before truncate on {Table}
                for each statement execute function platform.audit_is_append_only();
            """, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
