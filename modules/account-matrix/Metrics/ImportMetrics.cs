using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetInfoSuite.Modules.AccountMatrix.Metrics;

/// <summary>A count as platforms show it: a number, "1.2万" (12000), "3亿", or "10万+" (stored as 100001, the convention
/// for "over 100,000").</summary>
internal sealed class PlatformCountConverter : JsonConverter<long>
{
    public const long OverHundredThousand = 100_001;

    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.GetInt64();
        var text = reader.GetString() ?? "";
        return TryParse(text, out var n) ? n : throw new JsonException($"'{text}' is not a count");
    }

    /// <summary>A count written as platforms show it: digits (thousands may be separated by commas), a number of
    /// 万 (w) or 亿, or "10万+". What is not a whole count (12.7, 1.23456万, -3) is refused, never cut.</summary>
    public static bool TryParse(string text, out long count)
    {
        count = 0;
        text = text.Trim().Replace(",", "").Replace("，", "");
        if (text is "10万+" or "10w+" or "10W+" or "100000+")
        {
            count = OverHundredThousand;
            return true;
        }
        var unit = 1m;
        if (text.Length > 1 && text[^1] is '万' or 'w' or 'W') (unit, text) = (10_000m, text[..^1]);
        else if (text.Length > 1 && text[^1] == '亿') (unit, text) = (100_000_000m, text[..^1]);
        if (!decimal.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return false;
        var value = number * unit;
        if (value != decimal.Truncate(value) || value > long.MaxValue) return false;
        count = (long)value;
        return true;
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>One account's figures for one day. Missing figures are 0.</summary>
public sealed record DailyMetricRow(Guid AccountId, DateOnly Day, long Followers = 0, long NewFollowers = 0, long Posts = 0,
    long HeadlinePosts = 0, long OriginalPosts = 0,
    [property: JsonConverter(typeof(PlatformCountConverter))] long Reads = 0,
    [property: JsonConverter(typeof(PlatformCountConverter))] long HeadlineReads = 0,
    long Likes = 0, long Wows = 0, long Shares = 0, long Comments = 0, long Reposts = 0, long OriginalReposts = 0, long OriginalComments = 0, long Downloads = 0)
{
    public long[] Values => [Followers, NewFollowers, Posts, HeadlinePosts, OriginalPosts, Reads, HeadlineReads, Likes, Wows, Shares, Comments,
        Reposts, OriginalReposts, OriginalComments, Downloads];
}

/// <summary>One article and its figures; its id is the platform's (or its URL).</summary>
public sealed record ArticleMetricRow(string Id, Guid AccountId, DateOnly Day, string Title, bool Headline,
    [property: JsonConverter(typeof(PlatformCountConverter))] long Reads = 0, long Wows = 0, long Likes = 0, long Shares = 0, long Comments = 0);

public sealed record MetricImportResult(int DailyRows, int Articles);

/// <summary>Stores metrics, replacing what was stored for the same account and day (or account and article): importing
/// the same figures twice never doubles them. Every account must be one of the caller's, and every article id its
/// account's own.</summary>
[RequiresPermission(AccountMatrixPermissions.Metrics)]
internal sealed record ImportMetrics(IReadOnlyList<DailyMetricRow>? Daily, IReadOnlyList<ArticleMetricRow>? Articles) : ICommand<MetricImportResult>;

internal sealed class ImportMetricsValidator : AbstractValidator<ImportMetrics>
{
    public ImportMetricsValidator()
    {
        RuleFor(x => (x.Daily == null ? 0 : x.Daily.Count) + (x.Articles == null ? 0 : x.Articles.Count)).InclusiveBetween(1, 200_000)
            .OverridePropertyName("daily").WithMessage(_ => new LocalizedText("须有 1 到 200000 行数据", "Send 1 to 200000 rows").Current);
        RuleForEach(x => x.Daily).ChildRules(r => r.RuleFor(x => x.Values).Must(v => v.All(n => n >= 0))
            .WithMessage(_ => new LocalizedText("数值不能为负", "Figures cannot be negative").Current));
        // The same row twice in one upload would be stored once, which one unsaid: refused, naming both.
        RuleFor(x => x.Daily).Custom((rows, context) =>
        {
            foreach (var (first, again) in Duplicates(rows, d => (d.AccountId, d.Day)))
                context.AddFailure($"daily[{again}].day", new LocalizedText($"与 daily[{first}] 是同一账号同一天", $"the same account and day as daily[{first}]").Current);
        });
        RuleFor(x => x.Articles).Custom((rows, context) =>
        {
            foreach (var (first, again) in Duplicates(rows, a => a.Id))
                context.AddFailure($"articles[{again}].id", new LocalizedText($"与 articles[{first}] 的文章编号相同", $"the same article id as articles[{first}]").Current);
        });
        RuleForEach(x => x.Articles).ChildRules(r =>
        {
            r.RuleFor(x => x.Id).NotEmpty().MaximumLength(500);
            r.RuleFor(x => x.Title).MaximumLength(500);
            r.RuleFor(x => new[] { x.Reads, x.Wows, x.Likes, x.Shares, x.Comments }).Must(v => v.All(n => n >= 0)).OverridePropertyName("reads")
                .WithMessage(_ => new LocalizedText("数值不能为负", "Figures cannot be negative").Current);
        });
    }

    /// <summary>Each row whose key an earlier row has: (the first row's index, this row's index).</summary>
    private static IEnumerable<(int First, int Again)> Duplicates<T, TKey>(IReadOnlyList<T>? rows, Func<T, TKey> key) where TKey : notnull
    {
        var seen = new Dictionary<TKey, int>();
        for (var i = 0; i < (rows?.Count ?? 0); i++)
            if (!seen.TryAdd(key(rows![i]), i)) yield return (seen[key(rows[i])], i);
    }
}

internal sealed class ImportMetricsHandler(IDocumentSession session, IDocumentStore store, ICallerScope scope) : IRequestHandler<ImportMetrics, MetricImportResult>
{
    public async Task<MetricImportResult> Handle(ImportMetrics command, CancellationToken ct)
    {
        var daily = command.Daily ?? [];
        var articles = command.Articles ?? [];
        var ids = daily.Select(d => d.AccountId).Concat(articles.Select(a => a.AccountId)).Distinct().ToArray();
        var mine = (await (await session.QueryInScopeAsync<Account>(scope, ct)).Where(a => a.Id.IsOneOf(ids)).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        var unknown = ids.Where(id => !mine.Contains(id)).Take(20).ToList();
        if (unknown.Count > 0)
            throw new RuleViolationException("accountId", $"账号不存在或不属于本单位：{string.Join("、", unknown)}", $"Unknown accounts or not yours: {string.Join(", ", unknown)}");
        var taken = await MetricWriter.HeldByOthersAsync(store, articles, ct);
        if (taken.Count > 0)
            throw new RuleViolationException(articles.Select((a, i) => (a, i)).Where(x => taken.Contains(x.a.Id))
                .Select(x => MetricWriter.HeldByOther($"articles[{x.i}].id", x.a.Id)).ToList());

        MetricWriter.Queue(session, daily, articles);
        await session.SaveChangesAsync(ct);
        return new MetricImportResult(daily.Count, articles.Count);
    }
}

/// <summary>Upserts metric rows in the session's transaction: one statement per table, whatever the count.</summary>
internal static class MetricWriter
{
    /// <summary>The ids among these articles that another account already holds (an article belongs to one account:
    /// a county recording an id again must not take over another county's article).</summary>
    public static async Task<HashSet<string>> HeldByOthersAsync(IDocumentStore store, IReadOnlyList<ArticleMetricRow> articles, CancellationToken ct)
    {
        var taken = new HashSet<string>();
        if (articles.Count == 0) return taken;
        await using var connection = await MetricTables.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"""
            select a.id from {MetricTables.Articles} a join unnest($1::text[], $2::uuid[]) as r(id, account_id) on r.id = a.id
            where a.account_id <> r.account_id
            """, connection) { Parameters = { new() { Value = articles.Select(a => a.Id).ToArray() }, new() { Value = articles.Select(a => a.AccountId).ToArray() } } };
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) taken.Add(r.GetString(0));
        return taken;
    }

    public static Violation HeldByOther(string field, string id) =>
        new(field, $"文章编号“{id}”已属于另一个账号，不能记到这个账号下", $"The article id '{id}' belongs to another account and cannot be recorded for this one");

    public static void Queue(IDocumentSession session, IReadOnlyList<DailyMetricRow> daily, IReadOnlyList<ArticleMetricRow> articles)
    {
        if (daily.Count > 0)
        {
            var columns = MetricTables.DailyColumns;
            var values = Enumerable.Range(0, columns.Length).Select(c => (object)daily.Select(d => d.Values[c]).ToArray());
            session.QueueSqlCommand($"""
                insert into {MetricTables.Daily} (account_id, day, {string.Join(", ", columns)})
                select * from unnest(?::uuid[], ?::date[], {string.Join(", ", columns.Select(_ => "?::bigint[]"))})
                on conflict (account_id, day) do update set {string.Join(", ", columns.Select(c => $"{c} = excluded.{c}"))}
                """, [daily.Select(d => d.AccountId).ToArray(), daily.Select(d => d.Day).ToArray(), .. values]);
        }
        if (articles.Count > 0)
            session.QueueSqlCommand($"""
                insert into {MetricTables.Articles} (id, account_id, day, title, headline, reads, wows, likes, shares, comments)
                select * from unnest(?::text[], ?::uuid[], ?::date[], ?::text[], ?::boolean[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                on conflict (account_id, id) do update set day = excluded.day, title = excluded.title,
                    headline = excluded.headline, reads = excluded.reads, wows = excluded.wows, likes = excluded.likes,
                    shares = excluded.shares, comments = excluded.comments
                """, articles.Select(a => a.Id).ToArray(), articles.Select(a => a.AccountId).ToArray(), articles.Select(a => a.Day).ToArray(),
                articles.Select(a => a.Title ?? "").ToArray(), articles.Select(a => a.Headline).ToArray(), articles.Select(a => a.Reads).ToArray(),
                articles.Select(a => a.Wows).ToArray(), articles.Select(a => a.Likes).ToArray(), articles.Select(a => a.Shares).ToArray(),
                articles.Select(a => a.Comments).ToArray());
    }
}

internal static class MetricEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPost("/metrics", async (ImportMetrics command, IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(command, ct)))
        .RequirePermission(AccountMatrixPermissions.Metrics)
        .WithSummary("Store daily and per-article metrics (\"10万+\" reads count as 100001); the same day or article again replaces it")
        .Produces<MetricImportResult>().ProducesValidationProblem();
}
