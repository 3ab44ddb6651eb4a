using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.GridDispatch.Domain;

/// <summary>Which groups a directive reaches, as a filter the database applies to the groups' own table.</summary>
internal sealed record TargetFilter(string IssuerPattern, string[] PathPatterns, Guid[] Groups, string[] Kinds);

/// <summary>Turns an issued directive into its rows: one task per target group and one rollup row per county and
/// street on the way, queued into the session's own transaction, so all of them exist or none do. The task rows are
/// made in the database from the groups' rows (INSERT … SELECT): nothing travels to the host and back.</summary>
internal static class FanOut
{
    public static async Task<TargetFilter> FilterAsync(ICallerScope scope, Directive directive, CancellationToken ct)
    {
        var patterns = new List<string>();
        foreach (var unitId in directive.Target.OrgUnits)
        {
            var place = await scope.PlaceOfAsync(unitId, ct);
            if (place is null || !place.Path.StartsWith(directive.IssuerPath, StringComparison.Ordinal))
                throw new RuleViolationException("target.orgUnits", "指令范围中有单位不存在或不在发布单位之下",
                    "A unit of the target does not exist or is outside the issuing unit");
            patterns.Add(place.Path + "%");
        }
        var issuer = directive.IssuerPath + "%";
        var everywhere = patterns.Count == 0 && directive.Target.Groups.Count == 0;
        return new TargetFilter(issuer, everywhere ? [issuer] : [.. patterns], [.. directive.Target.Groups],
            directive.Target.Kinds.Select(k => k.ToString()).ToArray());
    }

    // The groups' document table, as Marten names it; its JSON is camelCase with enums as strings.
    private static string Groups(IDocumentStore store) =>
        store.Options.FindOrResolveDocumentType(typeof(GridGroup)).TableName.QualifiedName;

    // One LIKE per unit path (each can use the index on the group's path: the database collates in C), or the
    // explicit groups by id; the issuer's own subtree bounds both.
    private static string Where(TargetFilter f) => $"""
        (g.data ->> 'active')::boolean and g.data ->> 'unitPath' like ?
          and ({string.Join(" or ", f.PathPatterns.Select(_ => "g.data ->> 'unitPath' like ?").Append("g.id = any(?)"))})
          and (cardinality(?::text[]) = 0 or g.data ->> 'kind' = any(?))
        """;

    private static object[] Parameters(TargetFilter f) => [f.IssuerPattern, .. f.PathPatterns, f.Groups, f.Kinds, f.Kinds];

    private static string Numbered(string sql)
    {
        var n = 0;
        return System.Text.RegularExpressions.Regex.Replace(sql, @"\?", _ => "$" + ++n);
    }

    /// <summary>Takes the session's transaction (committed by its SaveChanges) and, in it, the directive's issue lock: a
    /// second issue of the same directive waits for the first, then finds it issued, so the rows below are never made
    /// twice and need no conflict check (ON CONFLICT's speculative insertion costs every row: issue 22).</summary>
    public static async Task LockAsync(IDocumentSession session, Guid directive, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))", session.Connection)
            { Parameters = { new() { Value = "grid-dispatch:issue:" + directive } } };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Makes the task and rollup rows in the session's transaction, under <see cref="LockAsync"/>, with one
    /// statement: the groups' documents are read once, the tasks made from them, and the rollups counted from the rows
    /// just made (issue 22: no count beforehand, no second pass over the tasks). Answers how many tasks it made.</summary>
    public static async Task<int> InsertAsync(IDocumentSession session, Directive directive, TargetFilter filter,
        IReadOnlyDictionary<Guid, string> unitNames, DateTimeOffset deadline, DateTimeOffset now, CancellationToken ct)
    {
        // Rollups: a row per county and per street on the way down (level numbers 2 and 3, their tiers), and for a
        // province's directive a row per city (1), each county under its city. In relay mode the level just below the
        // issuer receives the directive now, deeper levels when the level above forwards it; the issuer's own row counts
        // as signed. Directly, every level has it now.
        var depth = Tier(directive);
        var relay = directive.Delivery == DeliveryMode.Relay;
        await using var cmd = new NpgsqlCommand(Numbered($"""
            with made as (
                insert into {DispatchTables.Tasks} (directive_id, urgency, deadline, released_at, group_id, id, group_name, unit_id, street_id,
                    county_id, city_id, unit_path, operators, members)
                select ?, ?, ?, ?::timestamptz, g.id, (? || lpad(to_hex(row_number() over ()), 12, '0'))::uuid, g.data ->> 'name', (g.data ->> 'orgUnitId')::uuid,
                    (g.data ->> 'streetId')::uuid, (g.data ->> 'countyId')::uuid, (g.data ->> 'cityId')::uuid, g.data ->> 'unitPath',
                    array(select jsonb_array_elements_text(g.data -> 'operatorLogins')), (g.data ->> 'memberCount')::int
                from {Groups(session.DocumentStore)} g
                where {Where(filter)}
                returning city_id, county_id, street_id
            ), rollups as (
                insert into {DispatchTables.Relays} (directive_id, unit_id, level, parent_id, tasks, unit_name, received_at, signed_at)
                select ?, r.unit_id, r.level, r.parent_id, r.tasks, coalesce(n.name, ''),
                    case when not ? or r.level <= ? + 1 then ?::timestamptz end,
                    case when r.level <= ? then ?::timestamptz end
                from (
                    select city_id as unit_id, 1::smallint as level, null::uuid as parent_id, count(*)::int as tasks
                    from made where city_id is not null and ? = 0 group by city_id
                    union all
                    select county_id, 2::smallint, case when ? = 0 then min(city_id::text)::uuid end, count(*)::int
                    from made where county_id is not null group by county_id
                    union all
                    select street_id, 3::smallint, min(county_id::text)::uuid, count(*)::int
                    from made where street_id is not null group by street_id
                ) r
                left join unnest(?::uuid[], ?::text[]) as n(id, name) on n.id = r.unit_id
            )
            select count(*) from made
            """), session.Connection);
        object[] parameters = [directive.Id, (short)directive.Urgency, deadline, ReleasedAtIssue(directive) ? now : DBNull.Value, TaskIdPrefix(), .. Parameters(filter),
            directive.Id, relay, depth, now, depth, now, depth, depth, unitNames.Keys.ToArray(), unitNames.Values.ToArray()];
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The first 80 bits of this issue's task ids, random; the last 48 are the row's number. A directive's tasks
    /// thus go into the ids' unique index side by side instead of at 100,000 random places, which cost the insert a
    /// fifth of its time at 100,000 groups (issue 22). Who may report a task is checked by its operators, not its id.</summary>
    private static string TaskIdPrefix() => Guid.NewGuid().ToString("D")[..24];

    /// <summary>The issuer's tier, the level number its rollup rows would have: 0 a province, 1 a city, 2 a county,
    /// 3 a street (by the level recorded at drafting; else the path's depth, as before provinces: 1 the city or a
    /// city-wide user, 2 a county, 3 a street).</summary>
    public static int Tier(Directive directive) => directive.IssuerTier ?? Math.Max(1, directive.IssuerPath.Count(c => c == '/') - 1);

    /// <summary>The tier of a unit of this level; null for units below the street or beside the tree (a department),
    /// whose directives keep the path's depth.</summary>
    public static int? TierOf(OrgLevel level) => level switch
    {
        OrgLevel.Province => 0,
        OrgLevel.City => 1,
        OrgLevel.County => 2,
        OrgLevel.Street => 3,
        _ => null,
    };

    /// <summary>Relayed tasks wait until their street forwards them, unless a street issued them itself.</summary>
    public static bool ReleasedAtIssue(Directive directive) => directive.Delivery == DeliveryMode.Direct || Tier(directive) >= 3;

    /// <summary>The names of the cities, counties and streets under the issuer, in one request to the directory.</summary>
    public static async Task<Dictionary<Guid, string>> UnitNamesAsync(IMediator mediator, Directive directive, CancellationToken ct) =>
        (await mediator.Send(new GetOrgSubtree(new OrgUnitId(directive.IssuerUnitId), Math.Max(0, 3 - Tier(directive))), ct))
        .ToDictionary(u => u.Id.Value, u => u.Name);
}
