using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>Rows beside the module's documents, created and migrated by Marten with them.</summary>
internal static class ComplianceTables
{
    /// <summary>The last notice number given per issuing tenant and year. Taken with an upsert in the issuing
    /// transaction: the row stays locked until that commit, so parallel issues queue, and a notice that fails rolls
    /// its number back (no gap, no duplicate; docs/adr/0024).</summary>
    public const string NoticeNumbers = "compliance.notice_numbers";

    /// <summary>Files kept with a record (a rectification report's attachments, a case's screenshot), recognised by
    /// their first bytes.</summary>
    public const string Files = "compliance.files";

    /// <summary>One row per notice and deadline whose passing has been told: the overdue escalation inserts it before
    /// telling, so two instances never tell twice (a returned notice's new deadline may be told again).</summary>
    public const string Escalations = "compliance.notice_escalations";

    /// <summary>Until when a website is claimed by a check run: one run per interval checks it, on whichever instance.</summary>
    public const string WebsiteClaims = "compliance.website_claims";

    public static IEnumerable<Table> All()
    {
        var claims = new Table(PostgresqlProvider.Instance.Parse(WebsiteClaims));
        claims.AddColumn<Guid>("website_id").AsPrimaryKey();
        claims.AddColumn<DateTimeOffset>("claimed_until").NotNull();
        yield return claims;

        var escalations = new Table(PostgresqlProvider.Instance.Parse(Escalations));
        escalations.AddColumn<Guid>("notice_id").AsPrimaryKey();
        escalations.AddColumn<DateOnly>("deadline").AsPrimaryKey();
        escalations.AddColumn<DateTimeOffset>("at").NotNull();
        yield return escalations;

        var files = new Table(PostgresqlProvider.Instance.Parse(Files));
        files.AddColumn<Guid>("id").AsPrimaryKey();
        files.AddColumn<Guid>("owner_id").NotNull();
        files.AddColumn<string>("name").NotNull();
        files.AddColumn<string>("content_type").NotNull();
        files.AddColumn<int>("size").NotNull();
        files.AddColumn("content", "bytea").NotNull();
        files.AddColumn<string>("uploaded_by").NotNull();
        files.AddColumn<DateTimeOffset>("uploaded_at").NotNull();
        files.Indexes.Add(new IndexDefinition("ix_files_owner") { Columns = ["owner_id"] });
        yield return files;

        var numbers = new Table(PostgresqlProvider.Instance.Parse(NoticeNumbers));
        numbers.AddColumn<string>("tenant").AsPrimaryKey();
        numbers.AddColumn<int>("year").AsPrimaryKey();
        numbers.AddColumn<int>("last").NotNull();
        yield return numbers;
    }
}
