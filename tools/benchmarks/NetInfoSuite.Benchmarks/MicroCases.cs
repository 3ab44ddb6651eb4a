using System.Linq.Expressions;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Security;

/// <summary>Issue 8, the pipeline's own cost with BenchmarkDotNet: a query whose handler does no I/O (the probe
/// plugin's ping) sent through the whole host pipeline, against its handler called directly; both in a fresh DI
/// scope with a signed-in caller, as a request would have them.</summary>
internal static class MicroCases
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var app = await bench.StartHostAsync(await bench.NewDatabaseAsync(), "directory,probe", bench.PluginFolder("directory", "probe"));
        try
        {
            await PipelineMicro.PrepareAsync(BenchContext.Services(app));
            var job = (bench.Quick ? Job.Dry : Job.MediumRun).WithToolchain(InProcessEmitToolchain.Instance);
            var config = ManualConfig.CreateEmpty().AddJob(job).AddLogger(NullLogger.Instance)
                .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.DisableLogFile)
                .WithArtifactsPath(Path.Combine(bench.Work, "bdn"));
            var summary = BenchmarkRunner.Run<PipelineMicro>(config);
            double Mean(string name) => summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == name)
                .ResultStatistics!.Mean / 1000; // ns → µs
            var (pipe, bare) = (Mean(nameof(PipelineMicro.Pipeline)), Mean(nameof(PipelineMicro.Handler)));
            return new Section("Pipeline overhead, micro-benchmark (issue 8)", $"""
                BenchmarkDotNet {typeof(BenchmarkRunner).Assembly.GetName().Version} ({(bench.Quick ? "Dry" : "MediumRun")} job, in-process toolchain),
                the host in-process with the directory and the test-only probe plugins. A query with no I/O in its handler (ProbePing)
                through MediatR and every host behavior (logging, validation, authorization, module access, audit's pass-through for
                queries) against the same handler resolved from the same fresh scope and called directly. Means.
                """,
            [
                new("query through the full pipeline (no I/O in the handler)", $"{pipe:0.0} µs", $"handler alone: {bare:0.0} µs",
                    $"{pipe / bare:0.0} (+{pipe - bare:0.0} µs)", "overhead < 20 µs", pipe - bare < 20),
            ]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

public class PipelineMicro
{
    private static ILifetimeScope _root = null!;
    private static IHttpContextAccessor _accessor = null!;
    private static System.Security.Claims.ClaimsPrincipal _caller = null!;
    private static IRequest<string> _ping = null!;
    private static Type _handlerType = null!;
    private static Func<object, object, Task<string>> _handle = null!;

    internal static async Task PrepareAsync(IServiceProvider services)
    {
        _root = services.GetRequiredService<ILifetimeScope>();
        _accessor = services.GetRequiredService<IHttpContextAccessor>();
        await using (var session = services.GetRequiredService<IDocumentStore>().QuerySession())
            _caller = NetInfoClaims.Principal(await session.Query<PlatformUser>().FirstAsync(), "bench");
        var pingType = services.GetRequiredService<ModuleCatalog>().Loaded.Single(m => m.Id == "probe").Assembly!
            .GetType("NetInfoSuite.TestPlugins.Probe.ProbePing")!;
        _ping = (IRequest<string>)Activator.CreateInstance(pingType)!;
        _handlerType = typeof(IRequestHandler<,>).MakeGenericType(pingType, typeof(string));
        // A compiled call, so the baseline pays no reflection.
        var handler = Expression.Parameter(typeof(object));
        var request = Expression.Parameter(typeof(object));
        _handle = Expression.Lambda<Func<object, object, Task<string>>>(
            Expression.Call(Expression.Convert(handler, _handlerType), _handlerType.GetMethod("Handle")!,
                Expression.Convert(request, pingType), Expression.Constant(CancellationToken.None)), handler, request).Compile();
    }

    [Benchmark]
    public async Task<object?> Pipeline()
    {
        await using var scope = Enter();
        try { return await scope.Resolve<IMediator>().Send(_ping); }
        finally { _accessor.HttpContext = null; }
    }

    [Benchmark(Baseline = true)]
    public async Task<object?> Handler()
    {
        await using var scope = Enter();
        try { return await _handle(scope.Resolve(_handlerType), _ping); }
        finally { _accessor.HttpContext = null; }
    }

    private static ILifetimeScope Enter()
    {
        var scope = _root.BeginLifetimeScope();
        _accessor.HttpContext = new DefaultHttpContext { User = _caller, RequestServices = new AutofacServiceProvider(scope) };
        return scope;
    }
}
