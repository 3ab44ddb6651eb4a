using Autofac;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.TestPlugins.Upgradable;

/// <summary>One module in several builds, as a team ships it: 1.1.0 (upgradable/), a fixed 1.2.0
/// (upgradable-v2/), a 1.2.0 whose registration throws (upgradable-throws/) and one built against another
/// contracts major (upgradable-contracts/). All share this file and one assembly name.</summary>
public sealed class UpgradableModule : IModule
{
#if V2 || THROWS || CONTRACTS
    private const string Version = "1.2.0";
#else
    private const string Version = "1.1.0";
#endif

#if CONTRACTS
    public ModuleManifest Manifest { get; } = new("upgradable", new("升级", "Upgradable"), Version, "test", [], ContractsVersion: "99.0");
#else
    public ModuleManifest Manifest { get; } = new("upgradable", new("升级", "Upgradable"), Version, "test", []);
#endif

    public void Register(ContainerBuilder services, IConfiguration configuration)
    {
#if THROWS
        throw new InvalidOperationException("simulated broken upgrade");
#endif
    }

    // The behaviour changes with the build, not only the manifest: a test sees which code answers.
    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/version", () => Results.Ok(new { version = Version }))
            .RequirePermission(RequiresPermissionAttribute.AnyUser);
}
