using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Marten;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>Scope by construction: every built plugin reads its org-scoped documents only through the shared
/// <see cref="ScopedQueries"/> (or says why not, with <see cref="ReadsAcrossScopesAttribute"/>), and every document that
/// carries a unit path says so with <see cref="IOrgScoped"/>, so that unit moves find it. Read from the plugins' IL.</summary>
public sealed class ScopeArchitectureTests
{
    private static readonly string[] MartenReads = ["Query", "QueryAsync", "Load", "LoadAsync", "LoadMany", "LoadManyAsync"];

    public static TheoryData<string> PluginAssemblies() => new(
        new[] { RepoPaths.HostPlugins, RepoPaths.TestPlugins }
            .SelectMany(root => Directory.GetFiles(root, "*.deps.json", SearchOption.AllDirectories))
            .Select(deps => Path.GetRelativePath(RepoPaths.Root, deps.Replace(".deps.json", ".dll"))));

    [Theory]
    [MemberData(nameof(PluginAssemblies))]
    public void A_plugin_reads_org_scoped_documents_only_in_the_callers_scope(string dll)
    {
        var assembly = new PluginScan(Path.Combine(RepoPaths.Root, dll)).LoadFromAssemblyPath(Path.Combine(RepoPaths.Root, dll));
        Assert.Empty(Offences(assembly.GetTypes()));
    }

    public static TheoryData<string> Modules() => new(Directory.GetDirectories(Path.Combine(RepoPaths.Root, "modules"))
        .Where(d => Directory.GetFiles(d, "*.csproj").Length > 0).Select(d => Path.GetFileName(d)));

    /// <summary>A module joins the sweep with one line; without it, its endpoints would go untried.</summary>
    [Theory]
    [MemberData(nameof(Modules))]
    public void Every_module_joins_the_scope_sweep(string module)
    {
        var sources = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.True(sources.Any(f => File.ReadAllText(f).Contains($": ScopeSweep(\"{module}\")", StringComparison.Ordinal)),
            $"No test class joins the scope sweep for {module}: add one deriving from ScopeSweep(\"{module}\") (see NetInfoSuite.Testing).");
    }

    [Fact]
    public void The_rule_catches_a_direct_read_and_an_unmarked_unit_path()
    {
        var offences = Offences(typeof(Samples).GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public)
            .SelectMany(t => t.GetNestedTypes(BindingFlags.NonPublic).Prepend(t)));
        Assert.Equal(
        [
            "ScopeArchitectureTests+Samples+Forgets.Handle reads ScopedDocument directly (IQuerySession.LoadAsync)",
            "ScopeArchitectureTests+Samples+Forgets.Handle reads ScopedDocument directly (IQuerySession.Query)",
            "ScopeArchitectureTests+Samples+Unmarked carries a UnitPath but does not implement IOrgScoped",
        ], offences.Order(StringComparer.Ordinal));
    }

    private static List<string> Offences(IEnumerable<Type> types)
    {
        var offences = new List<string>();
        foreach (var type in types)
        {
            if (!IsCompilerGenerated(type) && !typeof(IOrgScoped).IsAssignableFrom(type)
                && type.GetProperty(nameof(IOrgScoped.UnitPath), BindingFlags.Instance | BindingFlags.Public)?.PropertyType == typeof(string))
                offences.Add($"{Name(type)} carries a UnitPath but does not implement IOrgScoped");
            if (Owner(type).IsDefined(typeof(ReadsAcrossScopesAttribute), inherit: false)) continue;
            const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                foreach (var called in Calls(method))
                    if (called is MethodInfo { IsGenericMethod: true } m && MartenReads.Contains(m.Name)
                        && m.DeclaringType?.Namespace?.StartsWith("Marten", StringComparison.Ordinal) == true
                        && m.GetGenericArguments().FirstOrDefault(a => typeof(IOrgScoped).IsAssignableFrom(a)) is { } document)
                        offences.Add($"{Name(Owner(type))}.{OriginalName(type, method)} reads {document.Name} directly ({m.DeclaringType.Name}.{m.Name})");
        }
        return offences.Distinct().ToList();
    }

    /// <summary>The class a compiler-generated type (an async state machine, a lambda's closure) was written in.</summary>
    private static Type Owner(Type type) => IsCompilerGenerated(type) && type.DeclaringType is { } outer ? Owner(outer) : type;

    private static bool IsCompilerGenerated(Type type) => type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    // "<Handle>d__2".MoveNext → Handle
    private static string OriginalName(Type type, MethodBase method) =>
        IsCompilerGenerated(type) && type.Name.StartsWith('<') ? type.Name[1..type.Name.IndexOf('>')] : method.Name;

    private static string Name(Type type) => type.DeclaringType is { } outer ? $"{Name(outer)}+{type.Name}" : type.Name;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Every method a method's IL calls (call, callvirt, newobj, ldftn …).</summary>
    private static IEnumerable<MethodBase> Calls(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += code.Size;
            if (code.OperandType == OperandType.InlineMethod)
            {
                MethodBase? called = null;
                try { called = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                catch (ArgumentException) { }
                if (called is not null) yield return called;
            }
            i += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }

    /// <summary>Loads a plugin for reading only: shared assemblies (contracts, Marten) from the test's own context, so
    /// that <see cref="IOrgScoped"/> is the same type; the plugin's own packages from its folder.</summary>
    private sealed class PluginScan(string dll) : AssemblyLoadContext(isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(dll);

        protected override Assembly? Load(AssemblyName name)
        {
            try { return Default.LoadFromAssemblyName(name); }
            catch (FileNotFoundException) { }
            return _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
        }
    }

    /// <summary>What the rule must catch, and what it must let pass.</summary>
    public static class Samples
    {
        public sealed class ScopedDocument : IOrgScoped
        {
            public Guid Id { get; set; }
            public string UnitPath { get; set; } = "";
        }

        public sealed class Unmarked
        {
            public string UnitPath { get; set; } = "";
        }

        public sealed class Forgets(IQuerySession session)
        {
            public async Task<int> Handle(Guid id, CancellationToken ct) =>
                (await session.Query<ScopedDocument>().ToListAsync(ct)).Count + (await session.LoadAsync<ScopedDocument>(id, ct) is null ? 0 : 1);
        }

        public sealed class Remembers(IQuerySession session, ICallerScope scope)
        {
            public async Task<int> Handle(Guid id, CancellationToken ct) =>
                (await (await session.QueryInScopeAsync<ScopedDocument>(scope, ct)).ToListAsync(ct)).Count
                + (await session.LoadInScopeAsync<ScopedDocument>(scope, id, ct) is null ? 0 : 1);
        }

        [ReadsAcrossScopes("a sample of platform work")]
        public sealed class SaysWhy(IQuerySession session)
        {
            public async Task<int> Handle(CancellationToken ct) => (await session.Query<ScopedDocument>().ToListAsync(ct)).Count;
        }
    }
}
