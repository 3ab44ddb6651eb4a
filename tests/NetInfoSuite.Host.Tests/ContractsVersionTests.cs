using NetInfoSuite.Contracts;
using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Host.Plugins;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>The rules for contract versions: same major, and not newer than the host's.</summary>
public sealed class ContractsVersionTests
{
    private static string? Check(string built) =>
        ModuleCatalog.ContractsMismatch(new ModuleManifest("m", new LocalizedText("模块", "Module"), "1.0.0", "test", [], built));

    [Fact]
    public void A_plugin_built_against_the_same_or_an_older_minor_version_loads()
    {
        var host = Version.Parse(ContractsInfo.Version);
        Assert.Null(Check(ContractsInfo.Version));
        Assert.Null(Check($"{host.Major}.0"));
    }

    [Fact]
    public void Another_major_version_or_a_newer_minor_version_is_refused_naming_both_versions()
    {
        var host = Version.Parse(ContractsInfo.Version);
        Assert.Equal($"built against contracts {host.Major + 1}.0, host has contracts {ContractsInfo.Version} (major versions differ)",
            Check($"{host.Major + 1}.0"));
        Assert.Contains("newer than the host's contracts", Check($"{host.Major}.{host.Minor + 1}"));
        Assert.Contains("is not a version", Check("latest"));
    }
}
