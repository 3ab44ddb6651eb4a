using System.Collections.Concurrent;
using Autofac;
using MediatR;
using NetInfoSuite.Contracts.Errors;

namespace NetInfoSuite.Host.Pipeline;

/// <summary>MediatR's mediator, plus a typed answer when no deployed module handles a request:
/// callers catch <see cref="ModuleUnavailableException"/> and degrade instead of crashing.</summary>
internal sealed class ModuleAwareMediator(ILifetimeScope scope) : IMediator
{
    private readonly Mediator _inner = new(t => scope.Resolve(t));

    private static readonly ConcurrentDictionary<(Type, Type), Type> HandlerTypes = new();

    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        var handler = HandlerTypes.GetOrAdd((request.GetType(), typeof(TResponse)),
            k => typeof(IRequestHandler<,>).MakeGenericType(k.Item1, k.Item2));
        if (!scope.IsRegistered(handler))
            throw new ModuleUnavailableException(request.GetType().FullName ?? request.GetType().Name);
        return _inner.Send(request, cancellationToken);
    }

    public Task Send(IRequest request, CancellationToken cancellationToken = default) =>
        Send<Unit>(request, cancellationToken);

    public Task Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification =>
        _inner.Publish(notification, cancellationToken);
}
