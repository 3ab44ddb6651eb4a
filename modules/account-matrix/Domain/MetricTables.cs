using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace NetInfoSuite.Modules.AccountMatrix.Domain;

/// <summary>Metrics are rows (hundreds of thousands a year; rankings aggregate them in the database): one per
/// account and day, one per article. Re-importing replaces a row, never adds a second.</summary>
internal static class MetricTables
{
    public const string Daily = "account_matrix.daily_metrics";
    public const string Articles = "account_matrix.articles";
    /// <summary>One row per (publication, account) sent: whoever inserts it sends the piece, so it goes out once.</summary>
    public const string PublishClaims = "account_matrix.publish_claims";
    /// <summary>One row per (Monday, unit) warned of its dormant accounts: each unit hears once a week.</summary>
    public const string DormantWarnings = "account_matrix.dormant_warnings";

    /// <summary>An open connection for these rows (they are not documents).</summary>
    public static async Task<NpgsqlConnection> OpenAsync(IDocumentStore store, CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>A subquery of posts per account and day: the daily figure, or the day's recorded articles when they
    /// are more (WeChat accounts usually report articles, not daily rows). Parameters name the ids and the dates.</summary>
    public static string PostsPerDay(string ids, string from, string to) => $"""
        (select coalesce(d.account_id, ar.account_id) as account_id, coalesce(d.day, ar.day) as day,
                greatest(coalesce(d.posts, 0), coalesce(ar.n, 0)) as posts
         from (select account_id, day, posts from {Daily} where account_id = any({ids}) and day between {from} and {to}) d
         full join (select account_id, day, count(*) as n from {Articles} where account_id = any({ids}) and day between {from} and {to} group by 1, 2) ar
             on ar.account_id = d.account_id and ar.day = d.day)
        """;

    /// <summary>An aggregate over daily rows: the last follower count the period reports. A row that leaves the count
    /// out stores 0 (no account with figures has 0 followers), so the count comes from the last row that gives it.</summary>
    public const string LastKnownFollowers = "coalesce((array_agg(followers order by day desc) filter (where followers > 0))[1], 0)";

    public static IEnumerable<Table> All()
    {
        var daily = new Table(PostgresqlProvider.Instance.Parse(Daily));
        daily.AddColumn<Guid>("account_id").AsPrimaryKey();
        daily.AddColumn<DateOnly>("day").AsPrimaryKey();
        foreach (var column in DailyColumns) daily.AddColumn<long>(column).NotNull().DefaultValueByExpression("0");
        yield return daily;

        // An article belongs to its account: recording it again never moves it to another account. Its id stays unique
        // as well (an id another account holds is refused before this index is reached; it settles a race).
        var articles = new Table(PostgresqlProvider.Instance.Parse(Articles));
        articles.AddColumn<Guid>("account_id").AsPrimaryKey();
        articles.AddColumn<string>("id").AsPrimaryKey();
        articles.AddColumn<DateOnly>("day").NotNull();
        articles.AddColumn<string>("title").NotNull();
        articles.AddColumn<bool>("headline").NotNull();
        foreach (var column in ArticleColumns) articles.AddColumn<long>(column).NotNull().DefaultValueByExpression("0");
        articles.Indexes.Add(new IndexDefinition("ix_articles_account_day") { Columns = ["account_id", "day"] });
        articles.Indexes.Add(new IndexDefinition("uq_articles_id") { Columns = ["id"], IsUnique = true });
        yield return articles;

        var claims = new Table(PostgresqlProvider.Instance.Parse(PublishClaims));
        claims.AddColumn<Guid>("publication_id").AsPrimaryKey();
        claims.AddColumn<Guid>("account_id").AsPrimaryKey();
        claims.AddColumn<DateTimeOffset>("claimed_at").NotNull();
        yield return claims;

        var warnings = new Table(PostgresqlProvider.Instance.Parse(DormantWarnings));
        warnings.AddColumn<DateOnly>("week").AsPrimaryKey();
        warnings.AddColumn<Guid>("unit_id").AsPrimaryKey();
        yield return warnings;
    }

    /// <summary>The daily figures, in the order the API and workbook name them.</summary>
    public static readonly string[] DailyColumns =
        ["followers", "new_followers", "posts", "headline_posts", "original_posts", "reads", "headline_reads", "likes", "wows",
         "shares", "comments", "reposts", "original_reposts", "original_comments",
         "downloads"]; // downloads: a county client app's total downloads as its app stores report them

    public static readonly string[] ArticleColumns = ["reads", "wows", "likes", "shares", "comments"];
}
