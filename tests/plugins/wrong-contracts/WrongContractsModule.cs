using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.TestPlugins.WrongContracts;

/// <summary>Claims to be built against another major version of the contracts.</summary>
public sealed class WrongContractsModule : IModule
{
    public ModuleManifest Manifest { get; } =
        new("wrong-contracts", new("版本不符", "Wrong contracts"), "0.1.0", "test", [], ContractsVersion: "2.0");
}
