using System.Collections.Concurrent;
using System.Reflection;
using MediatR;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Security;

/// <summary>Checks the permission the request declares before its handler runs.</summary>
internal sealed class AuthorizationBehavior<TRequest, TResponse>(ICaller caller) : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var permission = RequestPermissions.Of(typeof(TRequest));
        if (!caller.Has(permission)) throw new ForbiddenException(permission);
        return next();
    }
}

internal static class RequestPermissions
{
    private static readonly ConcurrentDictionary<Type, string> Cache = new();

    /// <summary>A request without a declaration is a programming error: refuse it rather than guess.</summary>
    public static string Of(Type request) => Cache.GetOrAdd(request, t =>
        t.GetCustomAttribute<RequiresPermissionAttribute>()?.Permission
        ?? throw new InvalidOperationException($"{t.FullName} declares no [RequiresPermission]."));
}
