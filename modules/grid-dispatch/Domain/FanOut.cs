using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.GridDispatch.Domain;

/// <summary>A group a directive reaches, as much of it as a task needs.</summary>
internal sealed class TargetGroup
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public GroupKind Kind { get; set; }
    public Guid OrgUnitId { get; set; }
    public string UnitPath { get; set; } = "";
    public Guid? CountyId { get; set; }
    public Guid? StreetId { get; set; }
    public List<string> OperatorLogins { get; set; } = [];
    public int MemberCount { get; set; }
}

/// <summary>Turns an issued directive into its rows: one task per target group and one rollup row per county and
/// street on the way, queued into the session's own transaction, so all of them exist or none do.</summary>
internal static class FanOut
{
    public static async Task<List<TargetGroup>> TargetsAsync(IQuerySession session, UnitScope scope, Directive directive, CancellationToken ct)
    {
        var unitPaths = new List<string>();
        foreach (var unitId in directive.Target.OrgUnits)
        {
            var place = await scope.PlaceOfAsync(unitId, ct);
            if (place is null || !place.Path.StartsWith(directive.IssuerPath, StringComparison.Ordinal))
                throw new RuleViolationException("target.orgUnits", "指令范围中有单位不存在或不在发布单位之下",
                    "A unit of the target does not exist or is outside the issuing unit");
            unitPaths.Add(place.Path);
        }
        // Filtered in the database: a county's directive reads that county's groups, not the whole province's.
        var kinds = directive.Target.Kinds.ToArray();
        var everywhere = unitPaths.Count == 0 && directive.Target.Groups.Count == 0;
        var targets = new Dictionary<Guid, TargetGroup>();
        foreach (var path in everywhere ? [directive.IssuerPath] : unitPaths)
            foreach (var g in await Project(session.Query<GridGroup>().Where(g => g.Active && g.UnitPath.StartsWith(path)), kinds, ct))
                targets.TryAdd(g.Id, g);
        if (directive.Target.Groups.Count > 0)
        {
            var ids = directive.Target.Groups.ToArray();
            var issuer = directive.IssuerPath;
            foreach (var g in await Project(session.Query<GridGroup>().Where(g => g.Active && g.Id.IsOneOf(ids) && g.UnitPath.StartsWith(issuer)), kinds, ct))
                targets.TryAdd(g.Id, g);
        }
        return targets.Values.ToList();
    }

    private static Task<IReadOnlyList<TargetGroup>> Project(IQueryable<GridGroup> groups, GroupKind[] kinds, CancellationToken ct) =>
        (kinds.Length == 0 ? groups : groups.Where(g => g.Kind.IsOneOf(kinds)))
        .Select(g => new TargetGroup
        {
            Id = g.Id, Name = g.Name, Kind = g.Kind, OrgUnitId = g.OrgUnitId, UnitPath = g.UnitPath, CountyId = g.CountyId,
            StreetId = g.StreetId, OperatorLogins = g.OperatorLogins, MemberCount = g.MemberCount,
        })
        .ToListAsync(ct);

    /// <summary>Rows in one INSERT … SELECT FROM unnest(arrays) each: a round trip per table, whatever the count.
    /// Existing rows stay (ON CONFLICT DO NOTHING): issuing twice never duplicates a task.</summary>
    public static void Queue(IDocumentSession session, Directive directive, IReadOnlyList<TargetGroup> targets,
        IReadOnlyDictionary<Guid, string> unitNames, DateTimeOffset deadline, DateTimeOffset now)
    {
        var relay = directive.Delivery == DeliveryMode.Relay;
        session.QueueSqlCommand($"""
            insert into {DispatchTables.Tasks} (directive_id, urgency, deadline, released_at, group_id, id, group_name, unit_id, street_id,
                county_id, unit_path, operators, members)
            select ?, ?, ?, ?::timestamptz, g, i, n, u, s, c, p, string_to_array(o, E'\n'), m
            from unnest(?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::int[])
                as t(g, i, n, u, s, c, p, o, m)
            on conflict do nothing
            """,
            directive.Id, (short)directive.Urgency, deadline, ReleasedAtIssue(directive) ? now : null!,
            targets.Select(t => t.Id).ToArray(), targets.Select(_ => Guid.CreateVersion7()).ToArray(), targets.Select(t => t.Name).ToArray(),
            targets.Select(t => t.OrgUnitId).ToArray(), targets.Select(t => t.StreetId).ToArray(), targets.Select(t => t.CountyId).ToArray(),
            targets.Select(t => t.UnitPath).ToArray(), targets.Select(t => string.Join('\n', t.OperatorLogins)).ToArray(),
            targets.Select(t => t.MemberCount).ToArray());

        // Rollups: a row per county and per street on the way down (their level numbers are 2 and 3, as deep as
        // they sit). In relay mode the level just below the issuer receives the directive now, deeper levels when
        // the level above forwards it; the issuer's own row counts as signed. Directly, every level has it now.
        var rows = targets.Where(t => t.CountyId is not null).GroupBy(t => t.CountyId!.Value)
            .Select(g => (Unit: g.Key, Level: (short)2, Parent: (Guid?)null, Tasks: g.Count()))
            .Concat(targets.Where(t => t.StreetId is not null).GroupBy(t => (t.StreetId!.Value, t.CountyId))
                .Select(g => (Unit: g.Key.Value, Level: (short)3, Parent: g.Key.CountyId, Tasks: g.Count())))
            .ToList();
        var depth = IssuerDepth(directive);
        session.QueueSqlCommand($"""
            insert into {DispatchTables.Relays} (directive_id, unit_id, level, parent_id, tasks, unit_name, received_at, signed_at)
            select ?, u, l, p, n, coalesce(nm, ''), r, sg
            from unnest(?::uuid[], ?::smallint[], ?::uuid[], ?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[]) as t(u, l, p, n, nm, r, sg)
            on conflict do nothing
            """,
            directive.Id, rows.Select(r => r.Unit).ToArray(), rows.Select(r => r.Level).ToArray(), rows.Select(r => r.Parent).ToArray(),
            rows.Select(r => r.Tasks).ToArray(), rows.Select(r => unitNames.GetValueOrDefault(r.Unit)).ToArray(),
            rows.Select(r => !relay || r.Level <= depth + 1 ? now : (DateTimeOffset?)null).ToArray(),
            rows.Select(r => r.Level <= depth ? now : (DateTimeOffset?)null).ToArray());
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
