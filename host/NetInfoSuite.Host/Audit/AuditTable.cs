using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace NetInfoSuite.Host.Audit;

/// <summary>The audit trail's table: plain rows, partitioned by month on <c>at</c> (see <see cref="AuditSchema"/>), so
/// that whole months past the retention can be dropped. Written as one JSON value per record, read column by column.</summary>
internal static class AuditTable
{
    public const string Name = "platform.audit_trail";
    /// <summary>The document table the trail lived in before it was partitioned; moved over once, then dropped.</summary>
    public const string Legacy = "platform.mt_doc_auditrecord";

    public const string Columns = "id, at, user_id, login, org_unit_id, tenant, action, target_id, outcome, reason, correlation_id";

    /// <summary>Column names are the record's properties in snake case.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Converters = { new JsonStringEnumConverter() },
    };

    public static string ToJson(AuditRecord record) => JsonSerializer.Serialize(record, Json);

    /// <summary>Inserts the JSON in <paramref name="parameter"/> (<c>?</c> in a Marten session, <c>$1</c> in Npgsql).</summary>
    public static string Insert(string parameter) =>
        $"insert into {Name} ({Columns}) select {Columns} from jsonb_populate_record(null::{Name}, {parameter}::jsonb)";

    public static AuditRecord Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0), At = r.GetFieldValue<DateTimeOffset>(1), UserId = r.IsDBNull(2) ? null : r.GetGuid(2), Login = r.GetString(3),
        OrgUnitId = r.IsDBNull(4) ? null : r.GetGuid(4), Tenant = r.GetString(5), Action = r.GetString(6),
        TargetId = r.IsDBNull(7) ? null : r.GetString(7), Outcome = Enum.Parse<AuditOutcome>(r.GetString(8)),
        Reason = r.IsDBNull(9) ? null : r.GetString(9), CorrelationId = r.GetString(10),
    };
}
