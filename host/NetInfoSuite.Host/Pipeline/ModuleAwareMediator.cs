using System.Collections.Concurrent;
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
        return _inner.Send(request, cancellationToken);
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
