using System.Collections.Frozen;
using System.Reflection;
using Autofac;
using Marten;
using NetInfoSuite.Contracts;
using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.Host.Plugins;

/// <summary>Finds plugins under the plugins folder, loads them, and decides which may serve:
/// selected by NetInfo:Modules, built against compatible contracts, dependencies present,
/// registration not throwing. A refused plugin gets one log line and a Failed status; the rest serve.</summary>
public sealed class ModuleCatalog
{
    private readonly FrozenDictionary<Assembly, string> _owners;

    private ModuleCatalog(IReadOnlyList<LoadedModule> modules, string stamp)
    {
        Modules = modules;
        Stamp = stamp;
        _owners = modules.Where(m => m.IsLoaded).ToFrozenDictionary(m => m.Assembly!, m => m.Id);
        Composition = string.Join('|', modules.Where(m => m.IsLoaded).Select(m => $"{m.Folder}={m.Build!.Hash}"));
    }

    /// <summary>Every plugin found or asked for, in dependency order for the loaded ones.</summary>
    public IReadOnlyList<LoadedModule> Modules { get; }

    public IEnumerable<LoadedModule> Loaded => Modules.Where(m => m.IsLoaded);

    /// <summary>Which build of which folder serves: two catalogs with the same composition compose the same host.</summary>
    public string Composition { get; }

    /// <summary>The plugins folder's <see cref="ReadStamp"/> taken just before this catalog was read.</summary>
    public string Stamp { get; }

    /// <summary>The id of the loaded module whose assembly this is, or null (host, contracts, framework).</summary>
    public string? OwnerOf(Assembly assembly) => _owners.GetValueOrDefault(assembly);

    /// <param name="previous">the catalog serving now: a module whose new build is refused keeps its build from there</param>
    public static ModuleCatalog Load(string pluginsPath, IReadOnlyCollection<string> selection,
        Microsoft.Extensions.Configuration.IConfiguration configuration, Serilog.ILogger log, PluginCache cache,
        ModuleCatalog? previous = null)
    {
        if (!Directory.Exists(pluginsPath))
            log.Warning("Plugins folder {PluginsPath} does not exist; no modules will load", pluginsPath);
        var stamp = ReadStamp(pluginsPath);
        var candidates = PluginFolders(pluginsPath).Select(p => Candidate.Read(p.Folder, p.Tenant, cache)).ToList();

        // A build that fails where an earlier build of the same folder serves is refused, not taken:
        // the earlier one goes on serving (checked again, as its dependencies may have changed too).
        while (true)
        {
            var ordered = Check(candidates, pluginsPath, selection, configuration);
            var refused = ordered
                .Where(m => m.Status == ModuleStatus.Failed && m.RefusedUpgrade is null)
                .Select(m => (Module: m, Serving: previous?.Modules.FirstOrDefault(p => p.IsLoaded && p.Folder == m.Folder)))
                .Where(x => x.Serving is not null && x.Serving.Build!.Hash != x.Module.Build?.Hash)
                .ToList();
            if (refused.Count == 0) return new ModuleCatalog(ordered, stamp);
            foreach (var (module, serving) in refused)
            {
                var i = candidates.FindIndex(c => c.Folder == module.Folder);
                candidates[i] = candidates[i] with
                {
                    Build = serving!.Build,
                    Refused = $"build {module.Build?.ShortHash ?? "?"}{(module.Manifest is { } m ? $" ({m.Version})" : "")} " +
                              $"refused: {module.Error}; {serving.Manifest!.Version} (build {serving.Build!.ShortHash}) keeps serving",
                };
            }
        }
    }

    /// <summary>What failed or was refused, in words: the same words mean nothing new to report.</summary>
    public string Problems => string.Join('\n', Modules.Where(m => m.Status == ModuleStatus.Failed || m.RefusedUpgrade is not null)
        .Select(m => $"{m.Folder}: {m.Error} {m.RefusedUpgrade}"));

    /// <summary>One log line per module: loaded (and which build), skipped and why, upgrade refused and why.</summary>
    public void Log(Serilog.ILogger log, bool loaded = true)
    {
        foreach (var m in Modules)
        {
            if (m.Status == ModuleStatus.Failed)
                log.Error("Module {ModuleId} skipped: {Reason}", m.Id, m.Error);
            else if (m.IsLoaded && loaded)
                log.Information("Module {ModuleId} {Version} (build {Build}) loaded from {Folder}{ForTenant}", m.Id, m.Manifest!.Version,
                    m.Build!.ShortHash, m.Folder, m.Tenant is null ? "" : $" for tenant {m.Tenant} only");
            if (m.RefusedUpgrade is not null)
                log.Error("Module {ModuleId}: upgrade in {Folder} {Refused}", m.Id, m.Folder, m.RefusedUpgrade);
        }
    }

    /// <summary>A plugin folder and the build it is to run.</summary>
    private sealed record Candidate(string Folder, string? Tenant, PluginBuild? Build, string? ReadError, string? Refused)
    {
        public static Candidate Read(string folder, string? tenant, PluginCache cache)
        {
            try { return new(folder, tenant, cache.Get(folder), null, null); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new(folder, tenant, null, $"could not read the plugin folder: {ex.Message}", null);
            }
        }

        /// <summary>A fresh module instance per generation; the loaded assembly is shared.</summary>
        public LoadedModule Create()
        {
            if (Build is not { ModuleType: { } type })
                return Failed(Folder, Build, ReadError ?? Build!.Error!);
            try
            {
                var module = (IModule)Activator.CreateInstance(type)!;
                return new LoadedModule(Folder, module.Manifest, module, Build.Assembly)
                    { Tenant = Tenant, Build = Build, RefusedUpgrade = Refused };
            }
            catch (Exception ex)
            {
                return Failed(Folder, Build, $"could not create {type.Name}: {ex.GetBaseException().Message}");
            }
        }
    }

    private static List<LoadedModule> Check(List<Candidate> candidates, string pluginsPath,
        IReadOnlyCollection<string> selection, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var found = candidates.Select(c => c.Create()).ToList();
        var all = selection.Contains("*");
        foreach (var m in found.Where(m => m.IsLoaded && !all && !selection.Contains(m.Id)))
            m.Unselect();
        foreach (var id in selection.Where(id => id != "*" && found.All(m => m.Id != id)))
            found.Add(Failed(Path.Combine(pluginsPath, id), null, $"no plugin with id '{id}' under {pluginsPath}"));
        return CheckAndOrder(found, configuration);
    }

    /// <summary>Local plugins of one tenant live under plugins/tenants/&lt;tenant&gt;/&lt;id&gt;/.</summary>
    public const string TenantsFolder = "tenants";

    /// <summary>plugins/&lt;id&gt;/ for everyone, then plugins/tenants/&lt;tenant&gt;/&lt;id&gt;/. Dot-folders are not
    /// plugins: a build is copied into one first, then renamed into place.</summary>
    public static IEnumerable<(string Folder, string? Tenant)> PluginFolders(string pluginsPath)
    {
        if (!Directory.Exists(pluginsPath)) return [];
        static IEnumerable<string> Folders(string path) =>
            Directory.GetDirectories(path).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal);
        var shared = Folders(pluginsPath).Where(d => Path.GetFileName(d) != TenantsFolder).Select(d => (d, (string?)null));
        var root = Path.Combine(pluginsPath, TenantsFolder);
        var local = !Directory.Exists(root) ? [] : Folders(root)
            .SelectMany(t => Folders(t).Select(f => (f, (string?)Path.GetFileName(t))));
        return shared.Concat(local).ToList();
    }

    /// <summary>The plugin folders and their files' names, sizes and times: when it changes, look again.</summary>
    public static string ReadStamp(string pluginsPath) =>
        string.Join('\n', PluginFolders(pluginsPath).Select(p => $"{p.Folder}>{PluginCache.Stamp(p.Folder)}"));

    private static LoadedModule Failed(string folder, PluginBuild? build, string why)
    {
        var m = new LoadedModule(folder, null, null, null) { Build = build };
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
