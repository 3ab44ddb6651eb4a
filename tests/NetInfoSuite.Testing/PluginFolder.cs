namespace NetInfoSuite.Testing;

/// <summary>A plugins folder on disk holding exactly the named plugins (links to their published
/// folders), so a test host loads them the way production does.</summary>
public sealed class PluginFolder : IDisposable
{
    private PluginFolder(string path) => Path = path;

    public string Path { get; }

    public static PluginFolder With(params string[] ids) => With(ids, []);

    /// <param name="ids">plugin ids</param>
    /// <param name="moreRoots">other folders holding published plugins, searched after the usual ones</param>
    public static PluginFolder With(string[] ids, string[] moreRoots)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netinfo-plugins-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        foreach (var id in ids)
        {
            var source = new[] { RepoPaths.HostPlugins, RepoPaths.TestPlugins }.Concat(moreRoots)
                .Select(root => System.IO.Path.Combine(root, id))
                .FirstOrDefault(Directory.Exists)
                ?? throw new InvalidOperationException($"Plugin '{id}' is not built; run dotnet build NetInfoSuite.sln.");
            Directory.CreateSymbolicLink(System.IO.Path.Combine(path, id), source);
        }
        return new PluginFolder(path);
    }

    /// <summary>Copies a published build's files into plugins/&lt;id&gt;/, over whatever is there, as an operator
    /// upgrading in place would (no link: the files are real and can be replaced or broken).</summary>
    /// <param name="build">a folder under the test plugins, e.g. "upgradable-v2"</param>
    public PluginFolder CopyIn(string id, string build)
    {
        var source = System.IO.Path.Combine(RepoPaths.TestPlugins, build);
        if (!Directory.Exists(source)) throw new InvalidOperationException($"Plugin build '{build}' is not built.");
        var target = System.IO.Path.Combine(Path, id);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)), overwrite: true);
        return this;
    }

    /// <summary>Installs a plugin for one tenant only, as a county office would: plugins/tenants/&lt;tenant&gt;/&lt;id&gt;.</summary>
    public PluginFolder WithLocal(string tenant, string id)
    {
        var folder = System.IO.Path.Combine(Path, "tenants", tenant);
        Directory.CreateDirectory(folder);
        var source = new[] { System.IO.Path.Combine(RepoPaths.HostPlugins, "tenants", tenant, id), System.IO.Path.Combine(RepoPaths.TestPlugins, id) }
            .FirstOrDefault(Directory.Exists) ?? throw new InvalidOperationException($"Plugin '{id}' is not built.");
        Directory.CreateSymbolicLink(System.IO.Path.Combine(folder, id), source);
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true); // removes the links, not their targets
}
