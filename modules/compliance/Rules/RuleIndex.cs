using System.Text;

namespace NetInfoSuite.Modules.Compliance.Rules;

/// <summary>A piece of shown text; <see cref="Hit"/> marks what to emphasise (a query word, a changed character).</summary>
public sealed record TextPiece(string Text, bool Hit);

/// <summary>Chinese full-text search over the rules (docs/adr/0025). PostgreSQL has no Chinese word splitter, so every
/// pair of adjacent letters or digits (a bigram) of a rule's title and text is a token of a <c>tsvector</c> under a GIN
/// index; a query word of n characters must hold all its n-1 bigrams (the index narrows the rows), and then appear as
/// it is written (<c>strpos</c>, which drops the rare rows that hold the bigrams apart). Tokens are built here, not by
/// PostgreSQL's parser, so nothing depends on the database's locale.</summary>
internal static class RuleIndex
{
    /// <summary>One row per rule: its normalised title and text (for the exact check, ranking and counting) and its tokens.</summary>
    public const string Table = "compliance.rule_search";

    public const int MaxTerms = 8;

    /// <summary>What is searched: full-width forms folded (ＩＣＰ → icp), lower case.</summary>
    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    /// <summary>The distinct bigrams of the runs of letters and digits in a normalised text.</summary>
    public static IEnumerable<string> Bigrams(string normalized)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < normalized.Length; i++)
            if (char.IsLetterOrDigit(normalized[i]) && char.IsLetterOrDigit(normalized[i + 1]) && seen.Add(normalized.Substring(i, 2)))
                yield return normalized.Substring(i, 2);
    }

    /// <summary>The words of a query: split at spaces, normalised, each of two characters or more; null when none is.</summary>
    public static IReadOnlyList<string>? Terms(string? query)
    {
        var terms = Normalize(query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Count(char.IsLetterOrDigit) >= 2).Distinct().Take(MaxTerms).ToList();
        return terms.Count == 0 ? null : terms;
    }

    /// <summary>The <c>tsquery</c> all the terms' bigrams make, ANDed; empty when a term has none (e.g. "a-b").</summary>
    public static string Query(IReadOnlyList<string> terms) =>
        string.Join(" & ", terms.SelectMany(Bigrams).Distinct().Select(b => $"'{b}'"));

    public static Weasel.Postgresql.Tables.Table Definition()
    {
        var table = new Weasel.Postgresql.Tables.Table(Weasel.Postgresql.PostgresqlProvider.Instance.Parse(Table));
        table.AddColumn<Guid>("rule_id").AsPrimaryKey();
        table.AddColumn<string>("title").NotNull();
        table.AddColumn<string>("body").NotNull();
        table.AddColumn("tokens", "tsvector").NotNull();
        table.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_rule_search_tokens")
            { Columns = ["tokens"], Method = Weasel.Postgresql.Tables.IndexMethod.gin });
        return table;
    }

    /// <summary>Writes the rule's row on the session's transaction: it commits with the rule.</summary>
    public static async Task WriteAsync(IDocumentSession session, Rule rule, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var (title, body) = (Normalize(rule.Title), Normalize($"{rule.DocumentNumber}\n{rule.IssuingBody}\n{rule.Text}"));
        await using var cmd = new NpgsqlCommand($"""
            insert into {Table} (rule_id, title, body, tokens) values ($1, $2, $3, array_to_tsvector($4::text[]))
            on conflict (rule_id) do update set title = excluded.title, body = excluded.body, tokens = excluded.tokens
            """, session.Connection)
        {
            Parameters =
            {
                new() { Value = rule.Id }, new() { Value = title }, new() { Value = body },
                new() { Value = Bigrams(title).Concat(Bigrams(body)).Distinct().ToArray() },
            },
        };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public sealed record Hit(Guid Id, int TitleTerms);

    /// <summary>Whether the index alone proves a term is in the text: a term of exactly two letters or digits is its own
    /// single bigram. A longer one's bigrams may all occur apart, so the text is read to confirm it.</summary>
    public static bool IndexProves(string term) => term.Length == 2 && char.IsLetterOrDigit(term[0]) && char.IsLetterOrDigit(term[1]);

    /// <summary>How many matches a search confirms by reading their texts, at most, when the index alone cannot prove a
    /// word (one of three characters or more): a total above this is "more than <see cref="ConfirmCap"/>".</summary>
    public const int ConfirmCap = 1_000;

    /// <summary>The rules of the caller's subtree and the offices above it that hold every term, title hits first, then the
    /// newest; one page of them and how many there are (at most <see cref="ConfirmCap"/> + 1 when a term needs reading the
    /// texts, which means "more"). Ranking reads only the short titles and the rules' date column, never the long texts: a
    /// word every rule holds (网络) costs an index lookup and a sort, not a pass over every text; a longer word reads texts
    /// in rank order only until the cap is reached.</summary>
    public static async Task<(IReadOnlyList<Hit> Hits, int Total)> SearchAsync(NpgsqlConnection connection, string rules, string path,
        IReadOnlyList<string> above, IReadOnlyList<string> terms, RuleStatus? status, int offset, int limit, CancellationToken ct)
    {
        var tsquery = Query(terms);
        var confirm = terms.Where(t => !IndexProves(t)).ToArray();
        var conditions = new List<string>();
        if (tsquery.Length > 0) conditions.Add("s.tokens @@ $2::tsquery");
        conditions.Add("(starts_with(d.unit_path, $3) or d.unit_path = any($4))");
        if (status is not null) conditions.Add("d.status = $5");
        const string rank = "title_terms desc, issued_on desc nulls last, rule_id";
        var candidates = $"""
            select s.rule_id, s.title, s.body, d.issued_on,
                   (select count(*) from unnest($1::text[]) t where strpos(s.title, t) > 0)::int as title_terms
            from {Table} s join {rules} d on d.id = s.rule_id
            where {string.Join("\n  and ", conditions)}
            """;
        // Confirming a word reads whole texts (about 20 µs a rule): the candidates are ranked first (offset 0 keeps the
        // planner from testing them before the sort), then confirmed in that order until the cap, so a word in thousands of
        // rules reads a thousand texts, not all of them.
        var matches = confirm.Length == 0 ? candidates : $"""
            select * from ({candidates} order by {rank} offset 0) c
            where (select bool_and(strpos(c.title, t) > 0 or strpos(c.body, t) > 0) from unnest($8::text[]) t)
            limit {Math.Max(ConfirmCap, offset + limit) + 1}
            """;
        // The planner does not count the cost of reading each rule's tokens out of TOAST (a few kB apiece): it judges a
        // sequential scan that tests every rule's tokens cheaper than the index, and a search then reads them all (75–190 ms
        // over 10,000 rules against 4–13 ms through the index, measured with EXPLAIN ANALYZE). Within this transaction
        // only, the rules are read through the index's bitmap, never by testing each row.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var plan = new NpgsqlCommand("set local enable_seqscan = off; set local enable_indexscan = off", connection, transaction))
            await plan.ExecuteNonQueryAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            select rule_id, title_terms, count(*) over ()::int as total
            from ({matches}) m
            order by {rank}
            offset $6 limit $7
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = terms.ToArray() }, new() { Value = tsquery }, new() { Value = path }, new() { Value = above.ToArray() },
                new() { Value = (object?)status?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                new() { Value = offset }, new() { Value = limit }, new() { Value = confirm },
            },
        };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var (hits, total) = (new List<Hit>(), 0);
        while (await reader.ReadAsync(ct))
        {
            hits.Add(new Hit(reader.GetGuid(0), reader.GetInt32(1)));
            total = reader.GetInt32(2);
        }
        return (hits, total);
    }

    /// <summary>About <paramref name="width"/> characters of the text around the first place a term occurs, the terms marked.</summary>
    public static IReadOnlyList<TextPiece> Excerpt(string text, IReadOnlyList<string> terms, int width = 120)
    {
        var flat = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var folded = Normalize(flat);
        if (folded.Length != flat.Length) flat = folded; // folding changed the length: show the folded text so positions agree
        var first = terms.Select(t => folded.IndexOf(t, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, first - width / 3);
        var end = Math.Min(flat.Length, start + width);
        var pieces = new List<TextPiece>();
        if (start > 0) pieces.Add(new TextPiece("…", false));
        var at = start;
        while (at < end)
        {
            var next = terms.Select(t => (t, i: folded.IndexOf(t, at, StringComparison.Ordinal))).Where(x => x.i >= 0 && x.i < end)
                .OrderBy(x => x.i).ThenByDescending(x => x.t.Length).FirstOrDefault();
            if (next.t is null) { pieces.Add(new TextPiece(flat[at..end], false)); break; }
            if (next.i > at) pieces.Add(new TextPiece(flat[at..next.i], false));
            var stop = Math.Min(flat.Length, next.i + next.t.Length);
            pieces.Add(new TextPiece(flat[next.i..stop], true));
            at = stop;
        }
        if (end < flat.Length) pieces.Add(new TextPiece("…", false));
        return pieces;
    }
}
