using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace NetInfoSuite.Modules.GridDispatch.Domain;

/// <summary>Tasks and their rollups are rows, not documents: a directive makes up to 100,000 of them in one
/// transaction, and progress and evaluation are aggregates over them (docs/adr/0007). Marten creates and
/// migrates these tables with the module's documents.</summary>
internal static class DispatchTables
{
    public const string Tasks = "grid_dispatch.tasks";
    public const string Relays = "grid_dispatch.relays";
    public const string SupervisionLog = "grid_dispatch.supervision_log";
    public const string Evidence = "grid_dispatch.evidence";
    /// <summary>Always empty: inserting a null into it aborts a transaction whose condition failed (see ReportFeedback).</summary>
    public const string MustHold = "grid_dispatch.must_hold";

    public static IEnumerable<Table> All()
    {
        var tasks = new Table(PostgresqlProvider.Instance.Parse(Tasks));
        tasks.AddColumn<Guid>("directive_id").AsPrimaryKey();
        tasks.AddColumn<Guid>("group_id").AsPrimaryKey();
        tasks.AddColumn<Guid>("id").NotNull();
        tasks.AddColumn<string>("group_name").NotNull();
        tasks.AddColumn<Guid>("unit_id").NotNull();
        tasks.AddColumn<Guid>("street_id");
        tasks.AddColumn<Guid>("county_id");
        tasks.AddColumn<Guid>("city_id"); // null for tasks made before cities were recorded: only a province's directives read it
        tasks.AddColumn<string>("unit_path").NotNull();
        tasks.AddColumn("operators", "text[]").NotNull();
        tasks.AddColumn<int>("members").NotNull();
        tasks.AddColumn<DateTimeOffset>("deadline").NotNull();
        tasks.AddColumn<short>("urgency").NotNull();
        tasks.AddColumn<DateTimeOffset>("released_at");
        tasks.AddColumn<short>("status").NotNull().DefaultValueByExpression("0");
        tasks.AddColumn<DateTimeOffset>("done_at");
        tasks.AddColumn<DateTimeOffset>("reported_at");
        tasks.AddColumn<bool>("late").NotNull().DefaultValueByExpression("false");
        tasks.AddColumn<int>("reached");
        tasks.AddColumn<string>("evidence_link");
        tasks.AddColumn<string>("note");
        tasks.AddColumn<string>("unable_reason");
        tasks.AddColumn<string>("client_key");
        tasks.AddColumn<string>("reported_by");
        tasks.AddColumn<bool>("overdue").NotNull().DefaultValueByExpression("false");
        tasks.Indexes.Add(new IndexDefinition("uq_tasks_id") { Columns = ["id"], IsUnique = true });
        tasks.Indexes.Add(new IndexDefinition("ix_tasks_directive_county") { Columns = ["directive_id", "county_id", "street_id"] });
        tasks.Indexes.Add(new IndexDefinition("ix_tasks_operators") { Columns = ["operators"], Method = IndexMethod.gin });
        tasks.Indexes.Add(new IndexDefinition("ix_tasks_open_deadline") { Columns = ["deadline"], Predicate = "status = 0" });
        yield return tasks;

        var relays = new Table(PostgresqlProvider.Instance.Parse(Relays));
        relays.AddColumn<Guid>("directive_id").AsPrimaryKey();
        relays.AddColumn<Guid>("unit_id").AsPrimaryKey();
        relays.AddColumn<string>("unit_name").NotNull();
        relays.AddColumn<short>("level").NotNull();
        relays.AddColumn<Guid>("parent_id");
        relays.AddColumn<int>("tasks").NotNull();
        relays.AddColumn<DateTimeOffset>("received_at");
        relays.AddColumn<DateTimeOffset>("signed_at");
        relays.AddColumn<string>("signed_by");
        relays.AddColumn<string>("note");
        yield return relays;

        var log = new Table(PostgresqlProvider.Instance.Parse(SupervisionLog));
        log.AddColumn<Guid>("task_id").AsPrimaryKey();
        log.AddColumn<string>("step").AsPrimaryKey();
        log.AddColumn<Guid>("directive_id").NotNull();
        log.AddColumn<DateTimeOffset>("at").NotNull();
        log.AddColumn<string>("detail").NotNull();
        log.AddColumn<string>("by_login").NotNull();
        log.Indexes.Add(new IndexDefinition("ix_supervision_directive") { Columns = ["directive_id"] });
        yield return log;

        var mustHold = new Table(PostgresqlProvider.Instance.Parse(MustHold));
        mustHold.AddColumn<string>("report_stored").NotNull();
        yield return mustHold;

        var evidence = new Table(PostgresqlProvider.Instance.Parse(Evidence));
        evidence.AddColumn<Guid>("task_id").AsPrimaryKey();
        evidence.AddColumn<string>("content_type").NotNull();
        evidence.AddColumn<int>("size").NotNull();
        evidence.AddColumn("content", "bytea").NotNull();
        yield return evidence;
    }
}
