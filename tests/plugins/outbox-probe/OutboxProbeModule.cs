using System.Collections.Concurrent;
using Autofac;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Contracts.Messaging;
using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.TestPlugins.OutboxProbe;

/// <summary>Raises notifications of its own type through the outbox and handles them: one handler that records each
/// run, one that fails a given number of times first. Tests read who ran what, on which host instance.</summary>
public sealed class OutboxProbeModule : IModule
{
    public ModuleManifest Manifest { get; } = new("outbox-probe", new("消息探针", "Outbox probe"), "0.1.0", "test", []);

    public void Register(ContainerBuilder services, IConfiguration configuration)
    {
        services.RegisterType<Attempts>().SingleInstance();
        services.RegisterInstance(new Instance(configuration["OutboxProbe:Instance"] ?? "one"));
    }

    public void ConfigureStorage(StoreOptions storage)
    {
        storage.Schema.For<ProbeBatch>().DatabaseSchemaName(Manifest.Schema);
        storage.Schema.For<ProbeRun>().DatabaseSchemaName(Manifest.Schema);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // The batch and its notifications commit together.
        endpoints.MapPost("/raise", async (RaiseBody body, IDocumentSession session, IOutbox outbox) =>
        {
            session.Store(new ProbeBatch { Id = body.Key, Count = body.Count });
            for (var i = 0; i < body.Count; i++) outbox.Publish(session, new ProbeRaised($"{body.Key}-{i}", body.FailTimes, body.DelayMs));
            await session.SaveChangesAsync();
            return Results.Ok();
        }).RequirePermission(RequiresPermissionAttribute.AnyUser);
        endpoints.MapGet("/runs", async (string key, IQuerySession session) =>
            Results.Ok(await session.Query<ProbeRun>().Where(r => r.Key.StartsWith(key)).OrderBy(r => r.Key).ToListAsync()))
            .RequirePermission(RequiresPermissionAttribute.AnyUser);
        endpoints.MapGet("/attempts", (string key, Attempts attempts) => attempts.Of(key))
            .RequirePermission(RequiresPermissionAttribute.AnyUser);
    }
}

public sealed record RaiseBody(string Key, int Count, int FailTimes, int DelayMs);

/// <summary>A notification type only this plugin knows.</summary>
public sealed record ProbeRaised(string Key, int FailTimes, int DelayMs) : INotification;

public sealed class ProbeBatch
{
    public string Id { get; set; } = "";
    public int Count { get; set; }
}

/// <summary>One handler's run on one message.</summary>
public sealed class ProbeRun
{
    public Guid Id { get; set; }
    public string Key { get; set; } = "";
    public string Handler { get; set; } = "";
    public string Instance { get; set; } = "";
    public bool BySystem { get; set; }
}

public sealed record Instance(string Name);

/// <summary>How often the flaky handler was called per message (in memory: its failures commit nothing).</summary>
public sealed class Attempts
{
    private readonly ConcurrentDictionary<string, int> _byKey = new();
    public int Add(string key) => _byKey.AddOrUpdate(key, 1, (_, n) => n + 1);
    public int Of(string key) => _byKey.GetValueOrDefault(key);
}

/// <summary>Records each run in its own commit (which carries the inbox row).</summary>
internal sealed class RecordRuns(IDocumentSession session, Instance instance, ICaller caller) : INotificationHandler<ProbeRaised>
{
    public async Task Handle(ProbeRaised raised, CancellationToken ct)
    {
        if (raised.DelayMs > 0) await Task.Delay(raised.DelayMs, ct);
        session.Store(new ProbeRun { Id = Guid.CreateVersion7(), Key = raised.Key, Handler = "record", Instance = instance.Name, BySystem = caller.IsSystem });
        await session.SaveChangesAsync(ct);
    }
}

/// <summary>Fails the first FailTimes calls for a message, then records its run.</summary>
internal sealed class FailFirst(IDocumentSession session, Attempts attempts, Instance instance, ICaller caller) : INotificationHandler<ProbeRaised>
{
    public async Task Handle(ProbeRaised raised, CancellationToken ct)
    {
        if (attempts.Add(raised.Key) <= raised.FailTimes)
            throw new InvalidOperationException($"probe failure for {raised.Key}");
        session.Store(new ProbeRun { Id = Guid.CreateVersion7(), Key = raised.Key, Handler = "fail-first", Instance = instance.Name, BySystem = caller.IsSystem });
        await session.SaveChangesAsync(ct);
    }
}
