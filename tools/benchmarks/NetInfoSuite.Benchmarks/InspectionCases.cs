using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Autofac;
using Microsoft.Extensions.DependencyInjection;
using MediatR;
using NetInfoSuite.Contracts.AccountMatrix;
using NetInfoSuite.Contracts.Compliance;
using NetInfoSuite.Contracts.GridDispatch;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.NetizenRegistry;

/// <summary>Issue 18: scoring a 30-indicator plan for 40 targets with every module deployed, through the API, beside the
/// sum of the contract calls it makes (each sent on its own through the mediator, timed and added up).</summary>
internal static class InspectionCases
{
    // Every figure the catalogue has, each used twice: automatic where more is better, deduction or veto where fewer is.
    private static readonly (string Source, string Method, double Parameter)[] Figures =
    [
        ("matrix.dormant", "Veto", 0), ("matrix.unanswered", "Veto", 0), ("matrix.reply-rate", "Auto", 0), ("matrix.posts", "Auto", 20),
        ("matrix.repost-rate", "Auto", 0), ("matrix.unlicensed", "Deduction", 2), ("matrix.ranking", "Auto", 0), ("grid.score", "Auto", 0),
        ("grid.completion", "Auto", 0), ("compliance.overdue", "Deduction", 2), ("compliance.serious", "Deduction", 2),
        ("compliance.closure-rate", "Auto", 0), ("netizen.personalities", "Auto", 5), ("netizen.good-netizens", "Auto", 2),
        ("netizen.trip-participants", "Auto", 5),
    ];

    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var (targets, indicators, runs) = bench.Quick ? (8, 30, 1) : (40, 30, 5);
        var db = await bench.NewDatabaseAsync();
        var app = await bench.StartHostAsync(db, "directory,account-matrix,grid-dispatch,compliance,netizen-registry,inspection");
        try
        {
            var admin = await BenchContext.ClientAsync(app, "admin", BenchContext.AdminPassword);
            var city = (await BenchContext.Json<JsonElement>(admin.PostAsJsonAsync("/api/directory/units", new { code = "I0", name = "考评市", level = "City" })))
                .GetProperty("id").GetGuid();
            await BenchContext.CreateUserAsync(admin, "bench-inspector", city, "Inspector");
            await BenchContext.CreateUserAsync(admin, "bench-office", city, "CityAdmin");
            var inspector = await BenchContext.ClientAsync(app, "bench-inspector", BenchContext.UserPassword);
            var office = await BenchContext.ClientAsync(app, "bench-office", BenchContext.UserPassword);
            var units = new List<Guid>();
            for (var i = 0; i < targets; i++)
            {
                var unit = (await BenchContext.Json<JsonElement>(admin.PostAsJsonAsync("/api/directory/units",
                    new { code = $"I0{i:00}", name = $"考评对象{i:00}", level = "County", parentId = city }))).GetProperty("id").GetGuid();
                units.Add(unit);
                // Something to read: an active account with a week of posts.
                var account = (await BenchContext.Json<JsonElement>(office.PostAsJsonAsync("/api/account-matrix/accounts", new
                {
                    name = $"考评发布{i:00}", platform = "WeChat", handle = $"kaoping{i:00}", category = "Government", ownerUnitId = unit, verified = true,
                }))).GetProperty("id").GetGuid();
                foreach (var to in new[] { "Filed", "Active" })
                    await BenchContext.Json<JsonElement>(office.PostAsJsonAsync($"/api/account-matrix/accounts/{account}/status", new { to }));
                await BenchContext.Json<JsonElement>(office.PostAsJsonAsync("/api/account-matrix/metrics", new
                {
                    articles = Enumerable.Range(1, 7).Select(d => new { id = $"k{i}-{d}", accountId = account, day = new DateOnly(2026, 10, d), title = "动态", headline = true, reads = 100 * d }),
                }));
            }

            var plan = (await BenchContext.Json<JsonElement>(inspector.PostAsJsonAsync("/api/inspection/plans", new { name = "基准考评", year = 2026 })))
                .GetProperty("id").GetGuid();
            for (var n = 0; n < indicators; n++)
            {
                var (source, method, parameter) = Figures[n % Figures.Length];
                await BenchContext.Json<JsonElement>(inspector.PostAsJsonAsync($"/api/inspection/plans/{plan}/indicators",
                    new { name = $"指标{n + 1}", points = method == "Veto" ? 0 : 5, method, source, parameter }));
            }
            await BenchContext.Json<JsonElement>(inspector.PostAsJsonAsync($"/api/inspection/plans/{plan}/groups", new { name = "县（市、区）", units }));

            var url = $"/api/inspection/plans/{plan}/scores";
            await BenchContext.Json<JsonElement>(inspector.GetAsync(url)); // warm-up
            var api = new List<double>();
            var calls = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var start = Stopwatch.GetTimestamp();
                var sheet = await BenchContext.Json<JsonElement>(inspector.GetAsync(url));
                api.Add(BenchContext.Ms(start));
                if (sheet.GetProperty("groups")[0].GetProperty("rows").GetArrayLength() != targets) throw new InvalidOperationException("incomplete sheet");
                calls.Add(await ContractCallsAsync(app, city, units));
            }
            var ratio = BenchContext.Median(api) / BenchContext.Median(calls);
            return new Section("Inspection scoring (issue 18)", $"""
                In-process host with every module, durable embedded PostgreSQL; {targets} county-level targets, each with an active
                WeChat account and a week of posts; a plan of {indicators} indicators fed by all {Figures.Length} figures of the catalogue
                (account matrix, grid dispatch, compliance, netizen registry). `GET /plans/{"{id}"}/scores` reads every figure live
                through the contracts (one call per contract and target, the ranking and the evaluation once) and scores, ranks and
                answers; median of {runs} run(s) after a warm-up. Baseline: the same contract calls sent one by one through the
                mediator in the same run, each timed, summed.
                """,
                [
                    new Row($"score sheet, {indicators} indicators × {targets} targets, every module deployed", $"{BenchContext.Median(api):0} ms",
                        $"sum of its contract calls: {BenchContext.Median(calls):0} ms", $"{ratio:0.00}", "< 1.5 × the contract calls", ratio < 1.5),
                ]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The calls the sheet makes, each sent alone (as the system, in a scope of its own) and timed: per target the
    /// dormant accounts, message figures, matrix summary, its accounts, compliance and netizen summaries; once the ranking
    /// and the evaluation of the city's children.</summary>
    private static async Task<double> ContractCallsAsync(Microsoft.AspNetCore.Builder.WebApplication app, Guid city, IReadOnlyList<Guid> units)
    {
        // As the sheet reads them: the plan's year up to today (Beijing time) while it runs.
        var (from, end, today) = (new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)));
        var to = today < end ? today : end;
        var total = 0.0;
        async Task Time<T>(IRequest<T> request)
        {
            await using var scope = BenchContext.Services(app).GetRequiredService<ILifetimeScope>().BeginLifetimeScope();
            var mediator = scope.Resolve<IMediator>();
            var start = Stopwatch.GetTimestamp();
            await mediator.Send(request);
            total += BenchContext.Ms(start);
        }
        await Time(new GetAccountRanking("WeChat", from, to));
        await Time(new GetUnitEvaluations(new OrgUnitId(city), new Period(from, to)));
        foreach (var unit in units.Select(u => new OrgUnitId(u)))
        {
            await Time(new GetDormantAccountsOfUnit(unit, to));
            await Time(new GetMessageFigures(unit, to));
            await Time(new GetMatrixSummary(unit, from, to));
            await Time(new GetAccountsOfUnit(unit));
            await Time(new GetComplianceSummary(unit, from, to));
            await Time(new GetNetizenSummary(unit, from, to));
        }
        return total;
    }
}
