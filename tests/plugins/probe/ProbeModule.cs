using System.Collections.Concurrent;
using Autofac;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Notifications;
using NetInfoSuite.Contracts.Shell;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.TestPlugins.Probe;

/// <summary>A second plugin that talks to the directory only through contracts, and copes without it.</summary>
public sealed class ProbeModule : IModule
{
    public ModuleManifest Manifest { get; } = new("probe", new("探针", "Probe"), "0.1.0", "test", []);

    public void Register(ContainerBuilder services, IConfiguration configuration)
    {
        services.RegisterType<SeenChanges>().SingleInstance();
        services.RegisterType<Ticks>().SingleInstance();
        services.RegisterInstance(new RecurringWork("probe tick", TimeSpan.FromMilliseconds(50), (mediator, ct) => mediator.Send(new ProbeTick(), ct)));
        services.RegisterType<Sweeps>().SingleInstance();
        services.RegisterInstance(new RecurringWork("probe sweep", TimeSpan.FromMinutes(1), (mediator, ct) => mediator.Send(new ProbeSweep(), ct)));
        services.RegisterType<ProbeCards>().As<IDashboardCards>();
        services.RegisterType<BrokenCards>().As<IDashboardCards>();
    }

    public void ConfigureStorage(StoreOptions storage)
    {
        storage.Schema.For<ProbeNote>().DatabaseSchemaName(Manifest.Schema).MultiTenanted();
        storage.Schema.For<ProbeWork>().DatabaseSchemaName(Manifest.Schema);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/units/{id:guid}/name", async (Guid id, IMediator mediator) =>
        {
            try
            {
                var unit = await mediator.Send(new GetOrgUnit(new OrgUnitId(id)));
                return unit is null ? Results.NotFound() : Results.Ok(new ProbeAnswer(true, unit.Name));
            }
            catch (ModuleUnavailableException)
            {
                return Results.Ok(new ProbeAnswer(false, null));
            }
        }).RequirePermission(RequiresPermissionAttribute.AnyUser);
        // A tenanted document: each county sees its own notes, the city sees all.
        endpoints.MapPost("/notes", async (ProbeNote note, IDocumentSession session) =>
        {
            session.Store(note);
            await session.SaveChangesAsync();
            return Results.Ok(note);
        }).RequirePermission(RequiresPermissionAttribute.AnyUser);
        endpoints.MapGet("/notes", async (IQuerySession session, ICaller caller, ITenantDatabases all) => caller.IsCityWide
            ? Results.Ok(await all.QueryAllAsync(s => s.Query<ProbeNote>().Where(n => n.AnyTenant()).Select(n => n.Text).ToListAsync()))
            : Results.Ok(await session.Query<ProbeNote>().Select(n => n.Text).ToListAsync()))
            .RequirePermission(RequiresPermissionAttribute.AnyUser);
        endpoints.MapGet("/notes/{id:guid}", async (Guid id, IQuerySession session, IAuditTrail audit) =>
        {
            if (await session.LoadAsync<ProbeNote>(id) is not { } note) return Results.NotFound();
            await audit.RecordReadAsync("RevealProbeNote", id.ToString()); // a sensitive read, as the registry will have
            return Results.Ok(note);
        })
            .RequirePermission(RequiresPermissionAttribute.AnyUser);
        // Tells people something, as a module does when a task is overdue.
        endpoints.MapPost("/notify", async (Notify notify, IMediator mediator) => Results.Ok(await mediator.Send(notify)))
            .RequirePermission(RequiresPermissionAttribute.AnyUser);
        // Fails as an unexpected bug would: a 500.
        endpoints.MapGet("/boom", string () => throw new InvalidOperationException("probe boom"))
            .RequirePermission(RequiresPermissionAttribute.AnyUser);
        // Work for the scheduled sweep to find.
        endpoints.MapPost("/work", async (IDocumentSession session) =>
        {
            session.Store(new ProbeWork { Id = Guid.NewGuid() });
            await session.SaveChangesAsync();
            return Results.Ok();
        }).RequirePermission(RequiresPermissionAttribute.AnyUser);
        endpoints.MapGet("/sweeps", (Sweeps sweeps) => sweeps.Count).RequirePermission(RequiresPermissionAttribute.AnyUser);
        endpoints.MapGet("/ticks", (Ticks ticks) => new { ticks.Count, ticks.AllBySystem }).RequirePermission(RequiresPermissionAttribute.AnyUser);
        endpoints.MapGet("/changes", (SeenChanges seen) => seen.Changes.Select(c => $"{c.Change}:{c.Unit.Code}"))
            .RequirePermission(RequiresPermissionAttribute.AnyUser);
    }
}

public sealed record ProbeAnswer(bool DirectoryAvailable, string? Name);

/// <summary>A request the probe module handles, for tests of what reaches a switched-off module.</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record ProbePing : MediatR.IRequest<string>;

internal sealed class ProbePingHandler : MediatR.IRequestHandler<ProbePing, string>
{
    public Task<string> Handle(ProbePing request, CancellationToken cancellationToken) => Task.FromResult("pong");
}

public sealed class ProbeNote
{
    public Guid Id { get; set; }
    public string Text { get; set; } = "";
}

internal sealed class SeenChanges
{
    public ConcurrentQueue<OrgUnitChanged> Changes { get; } = new();
}

internal sealed class RecordOrgUnitChanges(SeenChanges seen) : INotificationHandler<OrgUnitChanged>
{
    public Task Handle(OrgUnitChanged notification, CancellationToken cancellationToken)
    {
        seen.Changes.Enqueue(notification);
        return Task.CompletedTask;
    }
}

/// <summary>A dashboard card naming the caller, so tests can see it was asked in the caller's scope.</summary>
internal sealed class ProbeCards : IDashboardCards
{
    public Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DashboardCard>>([new(new("探针卡片", "Probe card"), "42", new($"给 {caller.Login}", $"for {caller.Login}"), "/probe")]);
}

/// <summary>Cards that always fail: the dashboard must still render the others.</summary>
internal sealed class BrokenCards : IDashboardCards
{
    public Task<IReadOnlyList<DashboardCard>> CardsForAsync(ICaller caller, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("this module's cards are broken");
}

/// <summary>Recurring work the host runs for the probe: counts its ticks and whether each ran as the system.</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record ProbeTick : MediatR.IRequest<int>;

internal sealed class Ticks
{
    private int _count;
    public int Count => _count;
    public bool AllBySystem { get; private set; } = true;

    public int Add(bool bySystem)
    {
        if (!bySystem) AllBySystem = false;
        return Interlocked.Increment(ref _count);
    }
}

internal sealed class ProbeTickHandler(Ticks ticks, ICaller caller) : MediatR.IRequestHandler<ProbeTick, int>
{
    public Task<int> Handle(ProbeTick request, CancellationToken cancellationToken) => Task.FromResult(ticks.Add(caller.IsSystem));
}

/// <summary>Scheduled work that usually finds nothing to do, as most of the platform's does: a command, so audited.</summary>
[RequiresPermission(RequiresPermissionAttribute.AnyUser)]
public sealed record ProbeSweep : ICommand<int>;

public sealed class ProbeWork
{
    public Guid Id { get; set; }
    public bool Done { get; set; }
}

internal sealed class Sweeps
{
    private int _count;
    public int Count => _count;
    public void Add() => Interlocked.Increment(ref _count);
}

internal sealed class ProbeSweepHandler(IDocumentSession session, Sweeps sweeps) : MediatR.IRequestHandler<ProbeSweep, int>
{
    public async Task<int> Handle(ProbeSweep request, CancellationToken cancellationToken)
    {
        var open = await session.Query<ProbeWork>().Where(w => !w.Done).ToListAsync(cancellationToken);
        foreach (var work in open) { work.Done = true; session.Store(work); }
        await session.SaveChangesAsync(cancellationToken);
        sweeps.Add();
        return open.Count;
    }
}
