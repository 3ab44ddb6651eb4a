using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.TestPlugins.MissingDep;

/// <summary>Depends on a module that is never deployed.</summary>
public sealed class MissingDependencyModule : IModule
{
    public ModuleManifest Manifest { get; } =
        new("missing-dep", new("缺少依赖", "Missing dependency"), "0.1.0", "test", ["no-such-module"]);
}
