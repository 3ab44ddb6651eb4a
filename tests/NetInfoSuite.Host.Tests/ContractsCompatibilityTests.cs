using System.Diagnostics;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>The contracts are checked against the last release on every build: a copy of contracts/ with a breaking
/// change fails to build unless the major version says so.</summary>
public sealed class ContractsCompatibilityTests : IDisposable
{
    private readonly string _work = Path.Combine(RepoPaths.Root, "artifacts", "contracts-compat", Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_parameter_added_to_a_positional_record_fails_the_build_until_the_major_version_is_bumped()
    {
        var contracts = Copy();
        var orgUnits = Path.Combine(contracts, "NetInfoSuite.Contracts", "Directory", "OrgUnits.cs");
        Replace(orgUnits, "    bool Active);", "    bool Active,\n    string? Note = null);");

        var (failed, output) = await BuildAsync(contracts);
        Assert.True(failed, output);
        Assert.Contains("CP0002", output);
        Assert.Contains("OrgUnitInfo", output);

        var info = Path.Combine(contracts, "NetInfoSuite.Contracts", "ContractsInfo.cs");
        var major = int.Parse(File.ReadAllText(Path.Combine(contracts, "baseline", "VERSION")).Split('.')[0]);
        Replace(info, System.Text.RegularExpressions.Regex.Match(File.ReadAllText(info), "Version = \"[0-9.]+\"").Value, $"Version = \"{major + 1}.0\"");
        var (failedAgain, outputAgain) = await BuildAsync(contracts);
        Assert.False(failedAgain, outputAgain);
    }

    private string Copy()
    {
        var target = Path.Combine(_work, "contracts");
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "contracts"), "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Path.Combine(RepoPaths.Root, "contracts"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    private static void Replace(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.Contains(from, text);
        File.WriteAllText(file, text.Replace(from, to));
    }

    private static async Task<(bool Failed, string Output)> BuildAsync(string contracts)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "build", Path.Combine(contracts, "NetInfoSuite.Contracts", "NetInfoSuite.Contracts.csproj"), "-nologo", "-nodeReuse:false" })
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode != 0, await stdout + await stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
