using System.Reflection;
using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.Host.Plugins;

public enum ModuleStatus
{
    /// <summary>Loaded, registered and serving.</summary>
    Loaded,
    /// <summary>Present or asked for, but refused; <see cref="LoadedModule.Error"/> says why.</summary>
    Failed,
    /// <summary>Present on disk but not in NetInfo:Modules.</summary>
    NotSelected,
}

/// <summary>One plugin as the host sees it. Status changes only while a generation is composed.</summary>
public sealed class LoadedModule(string folder, ModuleManifest? manifest, IModule? module, Assembly? assembly)
{
    public string Folder { get; } = folder;
    public ModuleManifest? Manifest { get; } = manifest;
    public IModule? Module { get; } = module;
    public Assembly? Assembly { get; } = assembly;
    public string Id => Manifest?.Id ?? Path.GetFileName(Folder);

    /// <summary>For a local plugin (under plugins/tenants/&lt;tenant&gt;/), the one tenant it serves; null: everyone.</summary>
    public string? Tenant { get; init; }
    /// <summary>The build this module runs (null for one asked for but not present).</summary>
    public PluginBuild? Build { get; init; }
    /// <summary>A newer build found in <see cref="Folder"/> that was refused, and why: this one keeps serving.</summary>
    public string? RefusedUpgrade { get; init; }
    public ModuleStatus Status { get; private set; } = ModuleStatus.Loaded;
    public string? Error { get; private set; }

    public bool IsLoaded => Status == ModuleStatus.Loaded;

    internal void Fail(string error)
    {
        Status = ModuleStatus.Failed;
        Error = error;
    }

    internal void Unselect() => Status = ModuleStatus.NotSelected;
}
