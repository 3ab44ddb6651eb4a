namespace NetInfoSuite.Host.Plugins;

internal static class ModuleSelection
{
    /// <summary>NetInfo:Modules as a list (appsettings), or one string "*" / "a,b" (environment, command line).</summary>
    public static IReadOnlyCollection<string> Read(IConfiguration config)
    {
        var section = config.GetSection("NetInfo:Modules");
        var items = section.Value is { } single
            ? single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0).ToArray();
        return items.Length == 0 ? ["*"] : items.ToHashSet(StringComparer.Ordinal);
    }
}
