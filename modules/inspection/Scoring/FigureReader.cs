using System.Globalization;
using NetInfoSuite.Contracts.AccountMatrix;
using NetInfoSuite.Contracts.Compliance;
using NetInfoSuite.Contracts.GridDispatch;
using NetInfoSuite.Contracts.NetizenRegistry;

namespace NetInfoSuite.Modules.Inspection.Scoring;

/// <summary>Reads the figures of <see cref="Sources"/> through the other modules' contracts, as the caller, for a plan's
/// period: one call per contract and target (several figures share it), one ranking and one evaluation per parent for
/// the whole plan. A module that is not deployed, is off for the tenant, or cannot answer for the target gives an
/// unavailable figure saying why, never an error. While the period runs, its figures are read up to today ("as at"
/// figures such as dormant accounts, at today); after it, over the whole period.</summary>
internal sealed class FigureReader(IMediator mediator, ICallerScope scope, IOfficeClock clock)
{
    private readonly Dictionary<string, Task<object>> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, OrgUnitId?> _parents = [];

    /// <summary>How many contract calls were made (the benchmark compares the scoring's time against them).</summary>
    public int Calls { get; private set; }

    /// <summary>Their total time.</summary>
    public TimeSpan CallTime { get; private set; }

    public async Task<Figure> ReadAsync(Source source, Guid unit, DateOnly from, DateOnly to, CancellationToken ct)
    {
        // While the period runs, its figures are those up to today.
        var at = to < clock.Today ? to : clock.Today;
        to = at < from ? from : at;
        var period = $"{from:yyyy-MM-dd}–{to:yyyy-MM-dd}";
        var origin = source.Contract is nameof(GetDormantAccountsOfUnit) or nameof(GetMessageFigures)
            ? $"{source.ModuleName.Current} · {source.Contract} · {new LocalizedText("截至", "as at ").Current}{at:yyyy-MM-dd}"
            : $"{source.ModuleName.Current} · {source.Contract} · {period}";
        try
        {
            return source.Code switch
            {
                "matrix.dormant" => Count((await Ask($"dormant:{unit}", () => new GetDormantAccountsOfUnit(new OrgUnitId(unit), at, 14), ct)).Count),
                "matrix.unanswered" => Count((await Ask($"messages:{unit}", () => new GetMessageFigures(new OrgUnitId(unit), at), ct)).UnansweredOverThreeMonths),
                "matrix.reply-rate" => Rate(await Ask($"messages:{unit}", () => new GetMessageFigures(new OrgUnitId(unit), at), ct) is var m ? (m.Replied, m.Received) : default,
                    new("本期无网民留言，按满分计", "No messages in the period: full points")),
                "matrix.posts" => Count((await Matrix(unit, from, to, ct)).Posts),
                "matrix.repost-rate" => Rate(await Matrix(unit, from, to, ct) is var s ? (s.RepostsDone, s.RepostTasks) : default,
                    new("本期无转发任务，按满分计", "No repost task in the period: full points")),
                "matrix.unlicensed" => Count((await Matrix(unit, from, to, ct)).NewsAccountsWithoutValidLicence),
                "matrix.ranking" => await RankingAsync(unit, from, to, origin, ct),
                "grid.score" or "grid.completion" => await EvaluationAsync(source, unit, from, to, origin, ct),
                "compliance.overdue" => Count((await Compliance(unit, from, to, ct)) is var c ? c.NoticesOverdue + c.NoticesClosedLate : 0),
                "compliance.serious" => Count((await Compliance(unit, from, to, ct)).Cases
                    .Where(c => c.Severity is CaseSeverity.Serious or CaseSeverity.Critical).Sum(c => c.Opened)),
                "compliance.closure-rate" => Rate(await Compliance(unit, from, to, ct) is var c2 ? (c2.NoticesClosed, c2.NoticesClosed + c2.NoticesOpen) : default,
                    new("本期无整改通知书，按满分计", "No notice in the period: full points")),
                "netizen.personalities" => Count((await Netizens(unit, from, to, ct)).Personalities),
                "netizen.good-netizens" => Count((await Netizens(unit, from, to, ct)) is var n ? n.TypicalGoodNetizens + n.Honours : 0),
                "netizen.trip-participants" => Count((await Netizens(unit, from, to, ct)).CampaignParticipants),
                _ => new Figure(null, new("未知的数据来源", "Unknown figure"), origin, true),
            };
        }
        catch (ModuleUnavailableException)
        {
            return new Figure(null, new($"{source.ModuleName.ZhCn}模块未部署或未对本单位启用", $"The {source.ModuleName.En} module is not deployed or is off for this tenant"),
                origin, true);
        }
        catch (ForbiddenException)
        {
            return new Figure(null, new($"您没有读取{source.ModuleName.ZhCn}数据的权限", $"You may not read the {source.ModuleName.En} figures"), origin, true);
        }
        catch (Exception e) when (e is NotFoundException or RuleViolationException)
        {
            return new Figure(null, new($"{source.ModuleName.ZhCn}不提供该单位的这项数据", $"{source.ModuleName.En} gives no such figure for this unit"), origin, true);
        }

        Figure Count(double value) => new(value, null, origin);
        Figure Rate((int Part, int Whole) r, LocalizedText none) =>
            r.Whole == 0 ? new(1, none, origin) : new((double)r.Part / r.Whole, null, origin);
    }

    private Task<MatrixSummary> Matrix(Guid unit, DateOnly from, DateOnly to, CancellationToken ct) =>
        Ask($"matrix:{unit}", () => new GetMatrixSummary(new OrgUnitId(unit), from, to), ct);

    private Task<ComplianceSummary> Compliance(Guid unit, DateOnly from, DateOnly to, CancellationToken ct) =>
        Ask($"compliance:{unit}", () => new GetComplianceSummary(new OrgUnitId(unit), from, to), ct);

    private Task<NetizenSummary> Netizens(Guid unit, DateOnly from, DateOnly to, CancellationToken ct) =>
        Ask($"netizens:{unit}", () => new GetNetizenSummary(new OrgUnitId(unit), from, to), ct);

    /// <summary>The best WeChat WCI rank of the unit's accounts, as 1 − (rank − 1) ÷ entries.</summary>
    private async Task<Figure> RankingAsync(Guid unit, DateOnly from, DateOnly to, string origin, CancellationToken ct)
    {
        var ranking = await Ask("ranking", () => new GetAccountRanking("WeChat", from, to), ct);
        var accounts = (await Ask($"accounts:{unit}", () => new GetAccountsOfUnit(new OrgUnitId(unit)), ct)).Select(a => a.Id).ToHashSet();
        var best = ranking.Entries.Where(e => accounts.Contains(e.AccountId)).Select(e => (int?)e.Rank).Min();
        return best is { } rank
            ? new Figure(1 - (double)(rank - 1) / ranking.Entries.Count,
                new($"最好名次第 {rank} 名（共 {ranking.Entries.Count} 个账号）", $"Best rank {rank} of {ranking.Entries.Count}"), origin)
            : new Figure(0, new("本单位没有上榜账号", "None of the unit's accounts is ranked"), origin);
    }

    /// <summary>The unit's line in the evaluation of its parent's children (grid dispatch evaluates one level at a time).</summary>
    private async Task<Figure> EvaluationAsync(Source source, Guid unit, DateOnly from, DateOnly to, string origin, CancellationToken ct)
    {
        if (!_parents.TryGetValue(unit, out var parent)) _parents[unit] = parent = (await scope.PlaceOfAsync(unit, ct))?.Unit.ParentId;
        if (parent is not { } p) throw new NotFoundException("parent", unit.ToString());
        var rows = await Ask($"evaluation:{p.Value}", () => new GetUnitEvaluations(p, new Period(from, to)), ct);
        var row = rows.FirstOrDefault(r => r.Unit.Value == unit) ?? throw new NotFoundException("evaluation", unit.ToString());
        if (row.Assigned == 0) return new Figure(source.Kind == FigureKind.Score ? 100 : 1, new("本期无传播指令任务，按满分计", "No task was due: full points"), origin);
        return source.Kind == FigureKind.Score
            ? new Figure(row.Score, null, origin)
            : new Figure((double)(row.Done + row.Unable) / row.Assigned,
                new(string.Create(CultureInfo.InvariantCulture, $"{row.Done + row.Unable}/{row.Assigned}"), string.Create(CultureInfo.InvariantCulture, $"{row.Done + row.Unable}/{row.Assigned}")), origin);
    }

    private async Task<T> Ask<T>(string key, Func<IRequest<T>> request, CancellationToken ct) where T : notnull
    {
        if (!_answers.TryGetValue(key, out var answer)) _answers[key] = answer = Timed(request(), ct);
        return (T)await answer;
    }

    private async Task<object> Timed<T>(IRequest<T> request, CancellationToken ct) where T : notnull
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try { return await mediator.Send(request, ct); }
        finally
        {
            Calls++;
            CallTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
    }
}
