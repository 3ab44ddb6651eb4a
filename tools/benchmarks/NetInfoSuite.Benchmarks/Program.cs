using System.Diagnostics;
using System.Security.Claims;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Host;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Host.Storage;

// Pipeline overhead: the same request sent through the whole MediatR pipeline (logging, audit,
// validation, authorization) and handed straight to its handler, alternated round by round so that
// machine drift hits both sides alike. Usage: NetInfoSuite.Benchmarks [--quick] [--out file.md]
var quick = args.Contains("--quick");
var outFile = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
var (rounds, perRound) = quick ? (3, 20) : (15, 200);

var repo = FindRepo();
var work = Path.Combine(Path.GetTempPath(), "netinfo-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
var pg = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDir = Path.Combine(work, "pg") }, Serilog.Core.Logger.None);
try
{
    var config = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!);
    var app = await NetInfoApp.BuildAsync(
    [
        $"--ConnectionStrings:Marten={pg.ConnectionString}",
        $"--NetInfo:PluginsPath={Path.Combine(repo, "host", "NetInfoSuite.Host", "bin", config, "net10.0", "plugins")}",
        "--NetInfo:Modules=directory", "--NetInfo:Admin:InitialPassword=Bench#Pass-2026",
        "--Serilog:MinimumLevel:Default=Warning",
    ], b => b.WebHost.UseTestServer());
    await app.StartAsync();
    var services = app.Services.GetRequiredService<NetInfoSuite.Host.Generations.GenerationSwitch>().Current.Services;

    // A request context as an HTTP request would have it: the administrator, city-wide.
    var store = services.GetRequiredService<IDocumentStore>();
    await using var session = store.QuerySession();
    var admin = await session.Query<PlatformUser>().FirstAsync();
    var accessor = services.GetRequiredService<IHttpContextAccessor>();
    var root = services.GetRequiredService<ILifetimeScope>();
    var directory = services.GetRequiredService<ModuleCatalog>().Loaded.Single(m => m.Id == "directory").Assembly!;
    var createType = directory.GetType("NetInfoSuite.Modules.Directory.CreateOrgUnit.CreateOrgUnit")!;
    var counter = 0;
    object NewCreate(Guid? parent) => Activator.CreateInstance(createType, $"B{Interlocked.Increment(ref counter)}", "基准单位",
        parent is null ? OrgLevel.City : OrgLevel.County, parent)!;

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
    var rows = new List<string>();

    // A query: GetOrgUnit (one document load).
    var query = new GetOrgUnit(city.Id);
    var (qPipe, qBare) = await Pair(
        () => InScope(async s => (object?)await s.Resolve<IMediator>().Send(query)),
        () => InScope(async s => (object?)await s.Resolve<IRequestHandler<GetOrgUnit, OrgUnitInfo?>>().Handle(query, default)));
    rows.Add(Row("query GetOrgUnit: full pipeline vs handler", qPipe, qBare, "overhead < 20 µs"));

    // A command: CreateOrgUnit (one transaction), with its audit record vs the handler alone.
    // The request type is internal to the plugin: both sides call through one reflection Invoke.
    var handlerType = typeof(IRequestHandler<,>).MakeGenericType(createType, typeof(OrgUnitInfo));
    var handle = handlerType.GetMethod("Handle")!;
    var send = typeof(IMediator).GetMethods().Single(m => m is { Name: "Send", IsGenericMethod: true }).MakeGenericMethod(typeof(OrgUnitInfo));
    var (cPipe, cBare) = await Pair(
        () => InScope(async s => (object?)await (Task<OrgUnitInfo>)send.Invoke(s.Resolve<IMediator>(), [NewCreate(city.Id.Value), default(CancellationToken)])!),
        () => InScope(async s => (object?)await (Task<OrgUnitInfo>)handle.Invoke(s.Resolve(handlerType), [NewCreate(city.Id.Value), default(CancellationToken)])!));
    rows.Add(Row("command CreateOrgUnit: full pipeline (audit, authorization, validation) vs handler", cPipe, cBare, "overhead < 20%"));

    await app.StopAsync();
    await app.DisposeAsync();

    // The console, on a database of its own.
    var consoleDb = pg.ConnectionFor("console_bench");
    await using (var admin2 = new Npgsql.NpgsqlConnection(pg.ConnectionString))
    {
        await admin2.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand("CREATE DATABASE console_bench", admin2);
        await create.ExecuteNonQueryAsync();
    }
    var consoleRows = await ConsoleCases.RunAsync(
        Path.Combine(repo, "host", "NetInfoSuite.Host", "bin", config, "net10.0", "plugins"), consoleDb, quick);

    var machine = $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}{(quick ? "; QUICK MODE (smoke run, not figures)" : "")}.";
    var report = $"""
        | case | pipeline (median µs/op) | bare (median µs/op) | overhead µs | ratio | goal |
        |---|---|---|---|---|---|
        {string.Join("\n", rows)}

        {rounds} alternating rounds of {perRound} requests each; medians of the per-round means. PostgreSQL durable
        (fsync on), on a unix socket. {machine}

        | console case | measured | baseline, same run | ratio | goal |
        |---|---|---|---|---|
        {string.Join("\n", consoleRows)}

        {machine}
        """;
    Console.WriteLine(report);
    if (outFile is not null) await File.WriteAllTextAsync(outFile, report);
}
finally
{
    await pg.DisposeAsync();
    Directory.Delete(work, recursive: true);
}

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
    return (Median(aTimes), Median(bTimes));
}

async Task<double> Batch(Func<Task<object?>> op)
{
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < perRound; i++) await op();
    return Stopwatch.GetElapsedTime(start).TotalMicroseconds / perRound;
}

static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

static string Row(string name, double pipe, double bare, string goal) =>
    $"| {name} | {pipe:0} | {bare:0} | {pipe - bare:0} | {pipe / bare:0.00} | {goal} |";

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "NetInfoSuite.sln"))) return dir.FullName;
    throw new InvalidOperationException("NetInfoSuite.sln not found");
}
