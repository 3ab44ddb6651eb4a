using Autofac;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.TestPlugins.Throwing;

/// <summary>Registers one service, then throws: the host must keep nothing of it.</summary>
public sealed class ThrowingModule : IModule
{
    public ModuleManifest Manifest { get; } = new("throwing", new("抛错", "Throwing"), "0.1.0", "test", []);

    public void Register(ContainerBuilder services, IConfiguration configuration)
    {
        services.RegisterType<HalfRegistered>().AsSelf();
        throw new InvalidOperationException("simulated registration failure");
    }
}

public sealed class HalfRegistered;
