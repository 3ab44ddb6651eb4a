using System.Collections.Concurrent;
using System.Diagnostics;
using Autofac;
using Autofac.Core;
using MediatR;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Tenancy;

namespace NetInfoSuite.Host.Pipeline;

/// <summary>MediatR's mediator, plus a typed answer when no deployed module handles a request:
/// callers catch <see cref="ModuleUnavailableException"/> and degrade instead of crashing.</summary>
internal sealed class ModuleAwareMediator(ILifetimeScope scope, ModuleCatalog catalog, ModuleAccess access, ICaller caller) : IMediator
{
    private readonly Mediator _inner = new(t => scope.Resolve(t));

    private static readonly ConcurrentDictionary<(Type, Type), Type> HandlerTypes = new();

    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        var handler = HandlerTypes.GetOrAdd((request.GetType(), typeof(TResponse)),
            k => typeof(IRequestHandler<,>).MakeGenericType(k.Item1, k.Item2));
        if (!scope.ComponentRegistry.TryGetRegistration(new TypedService(handler), out var registration) ||
            OwnerDisabled(registration.Activator.LimitType))
            throw new ModuleUnavailableException(request.GetType().FullName ?? request.GetType().Name);
        // A span only when telemetry listens: without a collector the hot path stays as it was.
        return Telemetry.HostTelemetry.Requests.HasListeners()
            ? TracedAsync(request, catalog.OwnerOf(registration.Activator.LimitType.Assembly) ?? "host", cancellationToken)
            : _inner.Send(request, cancellationToken);
    }

    // Async, so the span is the current activity for the request's own work only, not for the caller's after it.
    private async Task<TResponse> TracedAsync<TResponse>(IRequest<TResponse> request, string module, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.HostTelemetry.Requests.StartActivity(request.GetType().Name);
        activity?.SetTag("netinfo.module", module);
        try { return await _inner.Send(request, cancellationToken); }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    /// <summary>The module that handles the request is switched off for the caller's tenant.</summary>
    private bool OwnerDisabled(Type handlerType)
    {
        var owner = catalog.OwnerOf(handlerType.Assembly);
        return owner is not null && !access.IsActive(caller, owner);
    }

    public Task Send(IRequest request, CancellationToken cancellationToken = default) =>
        Send<Unit>(request, cancellationToken);

    public Task Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification =>
        _inner.Publish(notification, cancellationToken);
}
