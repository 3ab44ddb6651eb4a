using Autofac;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace NetInfoSuite.Contracts.Modularity;

/// <summary>The one type a plugin exposes to the host. The host registers the module assembly's
/// MediatR handlers and FluentValidation validators by convention; the rest goes through these hooks.</summary>
public interface IModule
{
    ModuleManifest Manifest { get; }

    /// <summary>Own services. May be called on a scratch builder first, so keep it free of side effects.</summary>
    void Register(ContainerBuilder services, IConfiguration configuration) { }

    /// <summary>Own Marten documents and events, in the module's own schema (see <see cref="ModuleManifest.Schema"/>).</summary>
    void ConfigureStorage(StoreOptions storage) { }

    /// <summary>Own HTTP endpoints. The group is already prefixed with /api/{module id}.</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints) { }
}
