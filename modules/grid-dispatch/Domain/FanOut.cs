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

    public static async Task<int> CountAsync(IDocumentStore store, TargetFilter filter, CancellationToken ct)
    {
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var cmd = new NpgsqlCommand($"select count(*) from {Groups(store)} g where {Numbered(Where(filter))}", connection);
        foreach (var p in Parameters(filter)) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static object[] Parameters(TargetFilter f) => [f.IssuerPattern, .. f.PathPatterns, f.Groups, f.Kinds, f.Kinds];

    private static string Numbered(string sql)
    {
        var n = 0;
        return System.Text.RegularExpressions.Regex.Replace(sql, @"\?", _ => "$" + ++n);
    }

    /// <summary>Existing rows stay (ON CONFLICT DO NOTHING): issuing twice never duplicates a task.</summary>
    public static void Queue(IDocumentSession session, Directive directive, TargetFilter filter,
        IReadOnlyDictionary<Guid, string> unitNames, DateTimeOffset deadline, DateTimeOffset now)
    {
        session.QueueSqlCommand($"""
            insert into {DispatchTables.Tasks} (directive_id, urgency, deadline, released_at, group_id, id, group_name, unit_id, street_id,
                county_id, unit_path, operators, members)
            select ?, ?, ?, ?::timestamptz, g.id, gen_random_uuid(), g.data ->> 'name', (g.data ->> 'orgUnitId')::uuid,
                (g.data ->> 'streetId')::uuid, (g.data ->> 'countyId')::uuid, g.data ->> 'unitPath',
                array(select jsonb_array_elements_text(g.data -> 'operatorLogins')), (g.data ->> 'memberCount')::int
            from {Groups(session.DocumentStore)} g
            where {Where(filter)}
            on conflict do nothing
            """,
            [directive.Id, (short)directive.Urgency, deadline, ReleasedAtIssue(directive) ? now : null!, .. Parameters(filter)]);

        // Rollups: a row per county and per street on the way down (level numbers 2 and 3, as deep as they sit),
        // counted from the tasks just made. In relay mode the level just below the issuer receives the directive now,
        // deeper levels when the level above forwards it; the issuer's own row counts as signed. Directly, every
        // level has it now.
        var depth = IssuerDepth(directive);
        var relay = directive.Delivery == DeliveryMode.Relay;
        session.QueueSqlCommand($"""
            insert into {DispatchTables.Relays} (directive_id, unit_id, level, parent_id, tasks, unit_name, received_at, signed_at)
            select ?, r.unit_id, r.level, r.parent_id, r.tasks, coalesce(n.name, ''),
                case when not ? or r.level <= ? + 1 then ?::timestamptz end,
                case when r.level <= ? then ?::timestamptz end
            from (
                select county_id as unit_id, 2::smallint as level, null::uuid as parent_id, count(*)::int as tasks
                from {DispatchTables.Tasks} where directive_id = ? and county_id is not null group by county_id
                union all
                select street_id, 3::smallint, min(county_id::text)::uuid, count(*)::int
                from {DispatchTables.Tasks} where directive_id = ? and street_id is not null group by street_id
            ) r
            left join unnest(?::uuid[], ?::text[]) as n(id, name) on n.id = r.unit_id
            on conflict do nothing
            """,
            directive.Id, relay, depth, now, depth, now, directive.Id, directive.Id, unitNames.Keys.ToArray(), unitNames.Values.ToArray());
    }

    /// <summary>How deep the issuer sits: 1 the city (or a city-wide user), 2 a county, 3 a street.</summary>
    public static int IssuerDepth(Directive directive) => Math.Max(1, directive.IssuerPath.Count(c => c == '/') - 1);

    /// <summary>Relayed tasks wait until their street forwards them, unless a street issued them itself.</summary>
    public static bool ReleasedAtIssue(Directive directive) => directive.Delivery == DeliveryMode.Direct || IssuerDepth(directive) >= 3;

    /// <summary>The names of the counties and streets under the issuer, in one request to the directory.</summary>
    public static async Task<Dictionary<Guid, string>> UnitNamesAsync(IMediator mediator, Directive directive, CancellationToken ct) =>
        (await mediator.Send(new GetOrgSubtree(new OrgUnitId(directive.IssuerUnitId), Math.Max(0, 3 - IssuerDepth(directive))), ct))
        .ToDictionary(u => u.Id.Value, u => u.Name);
}
