using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>The rules that keep the house standing, checked on project files and on built assemblies.</summary>
public sealed class ArchitectureTests
{
    private static readonly string ContractsProject =
        Path.Combine(RepoPaths.Root, "contracts", "NetInfoSuite.Contracts", "NetInfoSuite.Contracts.csproj");
    private static readonly string UiProject = Path.Combine(RepoPaths.Root, "contracts", "NetInfoSuite.Ui", "NetInfoSuite.Ui.csproj");
    /// <summary>What host and modules share: the contracts and the console's components.</summary>
    private static readonly string[] SharedProjects = [ContractsProject, UiProject];
    private static readonly string[] SharedAssemblies = ["NetInfoSuite.Contracts", "NetInfoSuite.Ui"];

    public static TheoryData<string> PluginProjects() => new(
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "modules"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "plugins"), "*.csproj", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p)));

    [Theory]
    [MemberData(nameof(PluginProjects))]
    public void A_module_project_references_the_shared_projects_and_nothing_else_of_ours(string project)
    {
        Assert.All(ProjectReferences(Path.Combine(RepoPaths.Root, project)), r => Assert.Contains(r, SharedProjects));
    }

    [Fact]
    public void The_console_components_reference_the_contracts_only()
    {
        Assert.Equal([ContractsProject], ProjectReferences(UiProject));
    }

    [Fact]
    public void No_built_plugin_assembly_references_another_module_or_the_host()
    {
        // Every published plugin, local ones (plugins/tenants/<tenant>/<id>) included.
        var plugins = new[] { RepoPaths.HostPlugins, RepoPaths.TestPlugins }
            .SelectMany(root => Directory.GetFiles(root, "*.deps.json", SearchOption.AllDirectories))
            .Select(Path.GetDirectoryName).OfType<string>().ToList();
        Assert.NotEmpty(plugins);
        foreach (var folder in plugins)
        {
            var main = Directory.GetFiles(folder, "*.deps.json").Single().Replace(".deps.json", ".dll");
            var own = Path.GetFileNameWithoutExtension(main);
            var ours = AssemblyReferences(main).Where(r => r.StartsWith("NetInfoSuite.", StringComparison.Ordinal));
            Assert.All(ours, r => Assert.True(SharedAssemblies.Contains(r), $"{own} references {r}"));
        }
    }

    [Fact]
    public void The_host_references_no_module()
    {
        var hostProject = Path.Combine(RepoPaths.Root, "host", "NetInfoSuite.Host", "NetInfoSuite.Host.csproj");
        Assert.Equal(SharedProjects, ProjectReferences(hostProject));
        Assert.DoesNotContain(AssemblyReferences(RepoPaths.HostDll),
            r => r.StartsWith("NetInfoSuite.", StringComparison.Ordinal) && !SharedAssemblies.Contains(r));
    }

    [Fact]
    public void Contracts_hold_only_immutable_records_interfaces_and_stateless_helpers()
    {
        var offenders = typeof(IModule).Assembly.GetExportedTypes().Where(t => !IsImmutableContract(t)).Select(t => t.FullName);
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_contracts_rule_catches_mutable_types()
    {
        Assert.False(IsImmutableContract(typeof(MutableClass)));
        Assert.False(IsImmutableContract(typeof(MutableRecord)));
        Assert.False(IsImmutableContract(typeof(StaticWithState)));
        Assert.True(IsImmutableContract(typeof(ImmutableRecord)));
    }

    public sealed class MutableClass { public int Count { get; set; } }
    public sealed record MutableRecord(int Count) { public int Other { get; set; } }
    public sealed record ImmutableRecord(int Count, string Name);
    public static class StaticWithState { public static int Counter; }

    private static bool IsImmutableContract(Type t)
    {
        const BindingFlags instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        const BindingFlags statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        if (t.IsInterface || t.IsEnum || typeof(Delegate).IsAssignableFrom(t)) return true;
        if (t is { IsAbstract: true, IsSealed: true }) // static class: constants and read-only values only
            return t.GetFields(statics).All(f => f.IsLiteral || f.IsInitOnly);
        var fieldsReadOnly = t.GetFields(instance).All(f => f.IsInitOnly);
        var noSetters = t.GetProperties(instance).All(p => p.SetMethod is null || IsInitOnly(p.SetMethod));
        if (typeof(Exception).IsAssignableFrom(t) || typeof(Attribute).IsAssignableFrom(t) || t.GetMethod("PrintMembers", instance) is not null)
            return fieldsReadOnly && noSetters;
        return t.IsSealed && t.GetFields(instance).Length == 0 && noSetters; // stateless helper, e.g. a JSON converter
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static List<string> ProjectReferences(string project) =>
        XDocument.Load(project).Descendants("ProjectReference")
            .Select(r => (string)r.Attribute("Include")!)
            .Select(include => include.Replace("$(ContractsProject)", ContractsProject).Replace("$(UiProject)", UiProject))
            .Select(include => Path.GetFullPath(include.Replace('\\', '/'), Path.GetDirectoryName(project)!))
            .Concat(ImplicitReferences(project))
            .ToList();

    // Plugins get the shared references from modules/Plugin.props.
    private static IEnumerable<string> ImplicitReferences(string project) =>
        project.Contains($"{Path.DirectorySeparatorChar}modules{Path.DirectorySeparatorChar}") ||
        project.Contains($"{Path.DirectorySeparatorChar}plugins{Path.DirectorySeparatorChar}") ? SharedProjects : [];

    private static List<string> AssemblyReferences(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        var md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
    }
}
