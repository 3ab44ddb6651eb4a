using System.Collections.Frozen;
using System.Reflection;
using Autofac;
using Marten;
using McMaster.NETCore.Plugins;
using MediatR;
using FluentValidation;
using NetInfoSuite.Contracts;
using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.Host.Plugins;

/// <summary>Finds plugins under the plugins folder, loads them, and decides which may serve:
/// selected by NetInfo:Modules, built against compatible contracts, dependencies present,
/// registration not throwing. A refused plugin gets one log line and a Failed status; the rest serve.</summary>
public sealed class ModuleCatalog
{
    // Loaded once, shared with every plugin: two copies of these break type identity
    // (a second FluentValidation silently disables validators).
    private static readonly Type[] SharedTypes =
    [
        typeof(IModule), typeof(IMediator), typeof(ContainerBuilder), typeof(IDocumentStore), typeof(IValidator),
        typeof(NetInfoSuite.Ui.Text),
    ];

    private readonly FrozenDictionary<Assembly, string> _owners;

    private ModuleCatalog(IReadOnlyList<LoadedModule> modules)
    {
        Modules = modules;
        _owners = modules.Where(m => m.IsLoaded).ToFrozenDictionary(m => m.Assembly!, m => m.Id);
    }

    /// <summary>Every plugin found or asked for, in dependency order for the loaded ones.</summary>
    public IReadOnlyList<LoadedModule> Modules { get; }

    public IEnumerable<LoadedModule> Loaded => Modules.Where(m => m.IsLoaded);

    /// <summary>The id of the loaded module whose assembly this is, or null (host, contracts, framework).</summary>
    public string? OwnerOf(Assembly assembly) => _owners.GetValueOrDefault(assembly);

    public static ModuleCatalog Load(string pluginsPath, IReadOnlyCollection<string> selection,
        Microsoft.Extensions.Configuration.IConfiguration configuration, Serilog.ILogger log)
    {
        var found = PluginFolders(pluginsPath).Select(p => LoadFolder(p.Folder, p.Tenant)).ToList();
        if (!Directory.Exists(pluginsPath))
            log.Warning("Plugins folder {PluginsPath} does not exist; no modules will load", pluginsPath);

        var all = selection.Contains("*");
        foreach (var m in found.Where(m => m.IsLoaded && !all && !selection.Contains(m.Id)))
            m.Unselect();
        foreach (var id in selection.Where(id => id != "*" && found.All(m => m.Id != id)))
        {
            var missing = new LoadedModule(Path.Combine(pluginsPath, id), null, null, null);
            missing.Fail($"no plugin with id '{id}' under {pluginsPath}");
            found.Add(missing);
        }

        var ordered = CheckAndOrder(found, configuration);
        foreach (var m in ordered)
        {
            if (m.Status == ModuleStatus.Failed)
                log.Error("Module {ModuleId} skipped: {Reason}", m.Id, m.Error);
            else if (m.IsLoaded)
                log.Information("Module {ModuleId} {Version} loaded from {Folder}{ForTenant}", m.Id, m.Manifest!.Version, m.Folder,
                    m.Tenant is null ? "" : $" for tenant {m.Tenant} only");
        }
        return new ModuleCatalog(ordered);
    }

    /// <summary>Local plugins of one tenant live under plugins/tenants/&lt;tenant&gt;/&lt;id&gt;/.</summary>
    public const string TenantsFolder = "tenants";

    /// <summary>plugins/&lt;id&gt;/ for everyone, then plugins/tenants/&lt;tenant&gt;/&lt;id&gt;/.</summary>
    public static IEnumerable<(string Folder, string? Tenant)> PluginFolders(string pluginsPath)
    {
        if (!Directory.Exists(pluginsPath)) return [];
        var shared = Directory.GetDirectories(pluginsPath).Where(d => Path.GetFileName(d) != TenantsFolder)
            .Order(StringComparer.Ordinal).Select(d => (d, (string?)null));
        var root = Path.Combine(pluginsPath, TenantsFolder);
        var local = !Directory.Exists(root) ? [] : Directory.GetDirectories(root).Order(StringComparer.Ordinal)
            .SelectMany(t => Directory.GetDirectories(t).Order(StringComparer.Ordinal).Select(f => (f, (string?)Path.GetFileName(t))));
        return shared.Concat(local).ToList();
    }

    /// <summary>What a copy, an upgrade or a removal of a plugin changes: its folder and its main files' times.</summary>
    public static string Signature(string pluginsPath) => string.Join('|', PluginFolders(pluginsPath).Select(p =>
        $"{Path.GetRelativePath(pluginsPath, p.Folder)}:" +
        string.Join(',', Directory.GetFiles(p.Folder, "*.deps.json").Concat(Directory.GetFiles(p.Folder, "*.dll"))
            .Order(StringComparer.Ordinal).Select(f => File.GetLastWriteTimeUtc(f).Ticks))));

    private static LoadedModule LoadFolder(string folder, string? tenant)
    {
        try
        {
            // The module's main assembly is the one with a .deps.json beside it (its publish output).
            var deps = Directory.GetFiles(folder, "*.deps.json");
            if (deps.Length != 1)
                return Failed(folder, $"expected one *.deps.json in {folder}, found {deps.Length}");
            var mainDll = deps[0][..^".deps.json".Length] + ".dll";
            if (!File.Exists(mainDll))
                return Failed(folder, $"{Path.GetFileName(mainDll)} is missing");

            var loader = PluginLoader.CreateFromAssemblyFile(mainDll, SharedTypes, c => c.PreferSharedTypes = true);
            var assembly = loader.LoadDefaultAssembly();
            var moduleTypes = assembly.GetTypes()
                .Where(t => typeof(IModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
                .ToList();
            if (moduleTypes.Count != 1)
                return Failed(folder, $"{assembly.GetName().Name} must declare exactly one IModule, found {moduleTypes.Count}");

            var module = (IModule)Activator.CreateInstance(moduleTypes[0])!;
            var manifest = module.Manifest;
            return new LoadedModule(folder, manifest, module, assembly) { Tenant = tenant };
        }
        catch (Exception ex)
        {
            return Failed(folder, $"could not load: {ex.GetBaseException().Message}");
        }
    }

    private static LoadedModule Failed(string folder, string why)
    {
        var m = new LoadedModule(folder, null, null, null);
        m.Fail(why);
        return m;
    }

    /// <summary>Dependencies first; each module checked only after everything it depends on.</summary>
    private static List<LoadedModule> CheckAndOrder(List<LoadedModule> found,
        Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        foreach (var dup in found.Where(m => m.IsLoaded).GroupBy(m => m.Id).Where(g => g.Count() > 1).SelectMany(g => g))
            dup.Fail($"module id '{dup.Id}' is declared by more than one plugin folder");

        var byId = found.Where(m => m.Manifest is not null).GroupBy(m => m.Id).ToDictionary(g => g.Key, g => g.First());
        var ordered = new List<LoadedModule>();
        var visiting = new HashSet<string>();

        void Visit(LoadedModule m)
        {
            if (ordered.Contains(m)) return;
            if (!visiting.Add(m.Id))
            {
                m.Fail($"dependency cycle through '{m.Id}'");
                return;
            }
            if (m.IsLoaded)
            {
                foreach (var depId in m.Manifest!.DependsOn)
                {
                    if (!byId.TryGetValue(depId, out var dep))
                    {
                        m.Fail($"depends on '{depId}', which is not present");
                        break;
                    }
                    Visit(dep);
                    if (!dep.IsLoaded)
                    {
                        var why = dep.Status == ModuleStatus.NotSelected ? "not selected in NetInfo:Modules" : "failed";
                        m.Fail($"depends on '{depId}', which is {why}");
                        break;
                    }
                }
            }
            if (m.IsLoaded && ContractsMismatch(m.Manifest!) is { } mismatch) m.Fail(mismatch);
            if (m.IsLoaded && DryRunRegistration(m.Module!, configuration) is { } error) m.Fail(error);
            visiting.Remove(m.Id);
            ordered.Add(m);
        }

        foreach (var m in found) Visit(m);
        return ordered;
    }

    /// <summary>Same major version, and not newer than the host's contracts (it may use members the host lacks).</summary>
    internal static string? ContractsMismatch(ModuleManifest manifest)
    {
        if (!Version.TryParse(manifest.ContractsVersion, out var built) || !Version.TryParse(ContractsInfo.Version, out var host))
            return $"contracts version '{manifest.ContractsVersion}' is not a version (host has {ContractsInfo.Version})";
        if (built.Major != host.Major)
            return $"built against contracts {manifest.ContractsVersion}, host has contracts {ContractsInfo.Version} (major versions differ)";
        if (built.Minor > host.Minor)
            return $"built against contracts {manifest.ContractsVersion}, newer than the host's contracts {ContractsInfo.Version}";
        return null;
    }

    // Registration runs once on scratch builders so that a module that throws halfway leaves
    // nothing half-registered in the real container.
    private static string? DryRunRegistration(IModule module, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        try
        {
            module.Register(new ContainerBuilder(), configuration);
            module.ConfigureStorage(new StoreOptions());
            return null;
        }
        catch (Exception ex)
        {
            return $"registration threw {ex.GetType().Name}: {ex.Message}";
        }
    }
}
