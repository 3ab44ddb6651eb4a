using System.Diagnostics;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Security;

/// <summary>Issues 3 and 8: the same request sent through the whole MediatR pipeline (logging, audit, validation,
/// authorization, tenant-bound sessions) and handed straight to its handler, alternated round by round so that
/// machine drift hits both sides alike.</summary>
internal static class PipelineCases
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
    var (rounds, perRound) = bench.Quick ? (3, 20) : (15, 200);
    var app = await bench.StartHostAsync(await bench.NewDatabaseAsync(), "directory");
    var services = BenchContext.Services(app);

    // A request context as an HTTP request would have it: the administrator, city-wide.
    var store = services.GetRequiredService<IDocumentStore>();
    await using var session = store.QuerySession();
    var admin = await session.Query<PlatformUser>().FirstAsync();
    var accessor = services.GetRequiredService<IHttpContextAccessor>();
    var root = services.GetRequiredService<ILifetimeScope>();
    var directory = services.GetRequiredService<ModuleCatalog>().Loaded.Single(m => m.Id == "directory").Assembly!;
    var createType = directory.GetType("NetInfoSuite.Modules.Directory.CreateOrgUnit.CreateOrgUnit")!;
    var counter = 0;
    // Sibling units need names of their own (a unique index refuses a second unit of one name under one parent).
    object NewCreate(Guid? parent)
    {
        var n = Interlocked.Increment(ref counter);
        return Activator.CreateInstance(createType, $"B{n}", $"基准单位{n}", parent is null ? OrgLevel.City : OrgLevel.County, parent)!;
    }

    async Task<T> InScope<T>(Func<ILifetimeScope, Task<T>> work)
    {
        await using var scope = root.BeginLifetimeScope();
        accessor.HttpContext = new DefaultHttpContext
        {
            User = NetInfoClaims.Principal(admin, "bench"), RequestServices = new AutofacServiceProvider(scope),
        };
        try { return await work(scope); }
        finally { accessor.HttpContext = null; }
    }

    var city = await InScope(async s => await s.Resolve<IMediator>().Send((IRequest<OrgUnitInfo>)NewCreate(null)));
    var rows = new List<Row>();

    // A query: GetOrgUnit (one document load).
    var query = new GetOrgUnit(city.Id);
    var (qPipe, qBare) = await Pair(
        () => InScope(async s => (object?)await s.Resolve<IMediator>().Send(query)),
        () => InScope(async s => (object?)await s.Resolve<IRequestHandler<GetOrgUnit, OrgUnitInfo?>>().Handle(query, default)));
    rows.Add(new Row("query GetOrgUnit (one document load): full pipeline", $"{qPipe:0} µs", $"handler alone: {qBare:0} µs",
        $"{qPipe / qBare:0.00} (+{qPipe - qBare:0} µs)", "overhead < 20 µs", qPipe - qBare < 20));

    // A command: CreateOrgUnit (one transaction), with its audit record vs the handler alone.
    // The request type is internal to the plugin: both sides call through one reflection Invoke.
    var handlerType = typeof(IRequestHandler<,>).MakeGenericType(createType, typeof(OrgUnitInfo));
    var handle = handlerType.GetMethod("Handle")!;
    var send = typeof(IMediator).GetMethods().Single(m => m is { Name: "Send", IsGenericMethod: true }).MakeGenericMethod(typeof(OrgUnitInfo));
    var (cPipe, cBare) = await Pair(
        () => InScope(async s => (object?)await (Task<OrgUnitInfo>)send.Invoke(s.Resolve<IMediator>(), [NewCreate(city.Id.Value), default(CancellationToken)])!),
        () => InScope(async s => (object?)await (Task<OrgUnitInfo>)handle.Invoke(s.Resolve(handlerType), [NewCreate(city.Id.Value), default(CancellationToken)])!));
    rows.Add(new Row("command CreateOrgUnit (one transaction) with its audit record: full pipeline", $"{cPipe:0} µs",
        $"handler alone: {cBare:0} µs", $"{cPipe / cBare:0.00} (+{cPipe - cBare:0} µs)", "overhead < 20%", cPipe / cBare < 1.2));

    // The cost of auditing alone: the same behaviors in the same order around the same handler, the audit step left out.
    var behaviorsType = typeof(IEnumerable<>).MakeGenericType(typeof(IPipelineBehavior<,>).MakeGenericType(createType, typeof(OrgUnitInfo)));
    Task<OrgUnitInfo> WithoutAudit(ILifetimeScope s, object request)
    {
        var handler = s.Resolve(handlerType);
        RequestHandlerDelegate<OrgUnitInfo> next = () => (Task<OrgUnitInfo>)handle.Invoke(handler, [request, default(CancellationToken)])!;
        foreach (var behavior in ((IEnumerable<object>)s.Resolve(behaviorsType)).Where(b => !b.GetType().Name.StartsWith("AuditBehavior", StringComparison.Ordinal)).Reverse())
        {
            var inner = next;
            var method = behavior.GetType().GetMethod("Handle")!;
            next = () => (Task<OrgUnitInfo>)method.Invoke(behavior, [request, default(CancellationToken), inner])!;
        }
        return next();
    }
    var (cAudited, cUnaudited) = await Pair(
        () => InScope(async s => (object?)await (Task<OrgUnitInfo>)send.Invoke(s.Resolve<IMediator>(), [NewCreate(city.Id.Value), default(CancellationToken)])!),
        () => InScope(async s => (object?)await WithoutAudit(s, NewCreate(city.Id.Value))));
    rows.Add(new Row("the same command: full pipeline (with the audit record)", $"{cAudited:0} µs",
        $"the pipeline without its audit step: {cUnaudited:0} µs", $"{cAudited / cUnaudited:0.00} (+{cAudited - cUnaudited:0} µs)",
        "(the cost of auditing)", null));

    await app.StopAsync();
    await app.DisposeAsync();
    return new Section("Request pipeline overhead (issues 3 and 8)", $"""
        In-process host with the directory plugin from disk and a durable embedded PostgreSQL; each request in its own DI scope
        with a signed-in city administrator as caller. "Measured" sends the request through MediatR with every host behavior;
        "baseline" resolves the same handler and calls it directly. {rounds} alternating rounds of {perRound} requests each;
        medians of the per-round means.
        """, rows);

    // Alternates A and B batches; returns the median per-operation time of each, in µs.
    async Task<(double A, double B)> Pair(Func<Task<object?>> a, Func<Task<object?>> b)
    {
        for (var i = 0; i < perRound; i++) { await a(); await b(); } // warm-up
        var aTimes = new List<double>();
        var bTimes = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            aTimes.Add(await Batch(a));
            bTimes.Add(await Batch(b));
        }
        return (BenchContext.Median(aTimes), BenchContext.Median(bTimes));
    }

    async Task<double> Batch(Func<Task<object?>> op)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < perRound; i++) await op();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / perRound;
    }
    }
}
