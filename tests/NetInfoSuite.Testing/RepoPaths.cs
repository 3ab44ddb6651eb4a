namespace NetInfoSuite.Testing;

/// <summary>Where the build put things: the host, its plugins, and the test-only plugins.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as this test assembly was built.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0

    public static string HostBin => Path.Combine(Root, "host", "NetInfoSuite.Host", "bin", Configuration, "net10.0");
    public static string HostDll => Path.Combine(HostBin, "NetInfoSuite.Host.dll");
    public static string HostPlugins => Path.Combine(HostBin, "plugins");
    /// <summary>The host on a stopped clock (NETINFO_FAKE_NOW), for tests run as a process in a chosen time zone.</summary>
    public static string FakeClockHostDll =>
        Path.Combine(Root, "tests", "NetInfoSuite.FakeClockHost", "bin", Configuration, "net10.0", "NetInfoSuite.FakeClockHost.dll");
    public static string TestPlugins => Path.Combine(Root, "artifacts", "test-plugins");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NetInfoSuite.sln"))) return dir.FullName;
        throw new InvalidOperationException("NetInfoSuite.sln not found above " + AppContext.BaseDirectory);
    }
}
