using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using McMaster.NETCore.Plugins;
using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.Host.Plugins;

/// <summary>One build of a plugin: its content hash, the immutable copy it is loaded from, and what loading
/// it gave (the IModule type, or why it could not load). Loaded once per process and shared by every
/// generation that serves it.</summary>
public sealed record PluginBuild(string Hash, string CopyFolder, Assembly? Assembly, Type? ModuleType, string? Error)
{
    /// <summary>The first 12 hex digits: enough to tell builds apart in /api/modules and the log.</summary>
    public string ShortHash => Hash[..12];
}

/// <summary>Loads each plugin from its own copy, named by a hash of the folder's content (ADR 0019). The
/// files under plugins/ are never opened by the running host, so they can be replaced at any moment; a
/// new build at the same path is a new load; the same content (a mere timestamp change, or another
/// instance's copy) is the same build.</summary>
public sealed class PluginCache(string root)
{
    // Loaded once, shared with every plugin: two copies of these break type identity
    // (a second FluentValidation silently disables validators).
    private static readonly Type[] SharedTypes =
    [
        typeof(IModule), typeof(MediatR.IMediator), typeof(Autofac.ContainerBuilder), typeof(Marten.IDocumentStore),
        typeof(FluentValidation.IValidator), typeof(NetInfoSuite.Ui.Text),
    ];

    private readonly ConcurrentDictionary<string, PluginBuild> _builds = new(StringComparer.Ordinal);
    // Per process, so hosts in one process (tests) copy a folder once, not once each.
    private static readonly ConcurrentDictionary<string, (string Stamp, string Hash)> Seen = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Every build this process has loaded: their assemblies stay in memory (types shared with
    /// the host cannot be unloaded), so this is what a rolling restart gives back.</summary>
    public IReadOnlyCollection<PluginBuild> Loaded => _builds.Values.Where(b => b.Assembly is not null).ToList();

    /// <summary>The build in <paramref name="folder"/> now: copied (when its files changed since last seen)
    /// and loaded (when this content was never loaded by this process).</summary>
    public PluginBuild Get(string folder)
    {
        var stamp = Stamp(folder);
        var key = Root + "|" + (new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder);
        var hash = Seen.TryGetValue(key, out var seen) && seen.Stamp == stamp && Directory.Exists(CopyFor(folder, seen.Hash))
            ? seen.Hash
            : Copy(folder);
        Seen[key] = (stamp, hash);
        Directory.SetLastWriteTimeUtc(CopyFor(folder, hash), DateTime.UtcNow); // in use: Prune leaves it alone
        return _builds.GetOrAdd(hash, h => Load(h, CopyFor(folder, h)));
    }

    /// <summary>Names, sizes and times of a folder's files: cheap to read, and any copy or rebuild changes it.
    /// It only says when to look again; whether a build changed is decided by its content.</summary>
    public static string Stamp(string folder)
    {
        if (!Directory.Exists(folder)) return "";
        var sb = new StringBuilder();
        foreach (var file in Files(folder))
        {
            var info = new FileInfo(file);
            sb.Append(Path.GetRelativePath(folder, file)).Append(':').Append(info.Length).Append(':')
                .Append(info.LastWriteTimeUtc.Ticks).Append('|');
        }
        return sb.ToString();
    }

    /// <summary>Removes copies this process does not hold and that no one used for <paramref name="unusedFor"/>
    /// (other instances sharing the folder touch theirs on every load), and half-made copies.</summary>
    public void Prune(TimeSpan unusedFor, Serilog.ILogger log)
    {
        if (!Directory.Exists(Root)) return;
        var held = _builds.Values.Select(b => b.CopyFolder).ToHashSet(StringComparer.Ordinal);
        foreach (var dir in Directory.GetDirectories(Root))
        {
            if (held.Contains(dir) || DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir) < unusedFor) continue;
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException ex) { log.Warning("Could not remove the unused plugin copy {Folder}: {Reason}", dir, ex.Message); }
            catch (UnauthorizedAccessException ex) { log.Warning("Could not remove the unused plugin copy {Folder}: {Reason}", dir, ex.Message); }
        }
    }

    private string CopyFor(string folder, string hash) => Path.Combine(Root, $"{Path.GetFileName(folder)}-{hash[..16]}");

    /// <summary>Copies first, then hashes the copy: the name always describes what is in it, even when the
    /// source changed while it was being read. The copy appears under its final name in one rename.</summary>
    private string Copy(string folder)
    {
        var temp = Path.Combine(Root, $".copying-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            foreach (var file in Files(folder))
            {
                var target = Path.Combine(temp, Path.GetRelativePath(folder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var hash = Hash(temp);
            var final = CopyFor(folder, hash);
            if (Directory.Exists(final)) Directory.Delete(temp, recursive: true);
            else
            {
                try { Directory.Move(temp, final); }
                catch (IOException) when (Directory.Exists(final)) { Directory.Delete(temp, recursive: true); } // another instance won
            }
            return hash;
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    private static string Hash(string folder)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Files(folder))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file).Replace('\\', '/') + "\0"));
            using var stream = File.OpenRead(file);
            sha.AppendData(BitConverter.GetBytes(stream.Length));
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    private static PluginBuild Load(string hash, string copy)
    {
        try
        {
            // The module's main assembly is the one with a .deps.json beside it (its publish output).
            var deps = Directory.GetFiles(copy, "*.deps.json");
            if (deps.Length != 1)
                return new(hash, copy, null, null, $"expected one *.deps.json, found {deps.Length}");
            var mainDll = deps[0][..^".deps.json".Length] + ".dll";
            if (!File.Exists(mainDll))
                return new(hash, copy, null, null, $"{Path.GetFileName(mainDll)} is missing");

            var loader = PluginLoader.CreateFromAssemblyFile(mainDll, SharedTypes, c => c.PreferSharedTypes = true);
            var assembly = loader.LoadDefaultAssembly();
            var moduleTypes = assembly.GetTypes()
                .Where(t => typeof(IModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
                .ToList();
            return moduleTypes.Count == 1
                ? new(hash, copy, assembly, moduleTypes[0], null)
                : new(hash, copy, null, null, $"{assembly.GetName().Name} must declare exactly one IModule, found {moduleTypes.Count}");
        }
        catch (Exception ex)
        {
            return new(hash, copy, null, null, $"could not load: {ex.GetBaseException().Message}");
        }
    }
}
