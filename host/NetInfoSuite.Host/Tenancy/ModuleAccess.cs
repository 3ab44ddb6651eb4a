using System.Collections.Frozen;
using Marten;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Plugins;

namespace NetInfoSuite.Host.Tenancy;

public enum RuleEffect { Allow, Deny }

/// <summary>One of the IT department's ordered rules: which tenants may use which modules ("*" for all).</summary>
public sealed record ModuleRule(RuleEffect Effect, IReadOnlyList<string> Tenants, IReadOnlyList<string> Modules)
{
    public bool Matches(string tenant, string module) =>
        (Tenants.Contains("*") || Tenants.Contains(tenant)) && (Modules.Contains("*") || Modules.Contains(module));
}

/// <summary>The SystemAdmin's profile of what each tenant may enable. Later rules override earlier ones;
/// with no matching rule a module is allowed.</summary>
public sealed class ModuleAccessRules
{
    public const string DocumentId = "module-access-rules";
    public string Id { get; set; } = DocumentId;
    public List<ModuleRule> Rules { get; set; } = [];
}

/// <summary>What one tenant switched off among the modules it may use.</summary>
public sealed class TenantModules
{
    public string Id { get; set; } = "";
    public List<string> Disabled { get; set; } = [];
}

/// <summary>Which module is active for which tenant, as every host instance sees it: a snapshot of the
/// rules and the tenants' choices, reloaded from the shared database every couple of seconds (and at once
/// after a change made on this instance), so a change needs no restart anywhere.</summary>
public sealed class ModuleAccess(IDocumentStore store, ModuleCatalog catalog)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);
    private Snapshot _snapshot = new([], FrozenDictionary<string, FrozenSet<string>>.Empty);

    // Asked on every request: looked up, not searched.
    private readonly FrozenSet<string> _platform = catalog.Loaded
        .Where(m => m.Manifest!.Category == "platform").Select(m => m.Id).ToFrozenSet();
    private readonly FrozenDictionary<string, string> _localOwners = catalog.Loaded
        .Where(m => m.Tenant is not null).ToFrozenDictionary(m => m.Id, m => m.Tenant!);

    private sealed record Snapshot(IReadOnlyList<ModuleRule> Rules, FrozenDictionary<string, FrozenSet<string>> Disabled);

    /// <summary>Platform modules (the org tree) serve everyone: no rule or tenant can switch them off.</summary>
    public bool IsPlatform(string module) => _platform.Contains(module);

    /// <summary>A local plugin belongs to one tenant: every other tenant cannot see or enable it.</summary>
    public bool IsVisible(string tenant, string module) =>
        !_localOwners.TryGetValue(module, out var owner) || owner == tenant;

    public bool IsAllowed(string tenant, string module)
    {
        if (!IsVisible(tenant, module)) return false;
        if (IsPlatform(module)) return true;
        var allowed = true;
        foreach (var rule in _snapshot.Rules)
            if (rule.Matches(tenant, module)) allowed = rule.Effect == RuleEffect.Allow;
        return allowed;
    }

    public bool IsActive(ICaller caller, string module) =>
        caller.IsSystem || IsActive(caller.Tenant.Value, module);

    public bool IsActive(string tenant, string module) =>
        IsAllowed(tenant, module) &&
        (IsPlatform(module) || !(_snapshot.Disabled.TryGetValue(tenant, out var off) && off.Contains(module)));

    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var rules = await session.LoadAsync<ModuleAccessRules>(ModuleAccessRules.DocumentId, ct);
        var tenants = await session.Query<TenantModules>().ToListAsync(ct);
        _snapshot = new Snapshot(rules?.Rules ?? [],
            tenants.ToFrozenDictionary(t => t.Id, t => t.Disabled.ToFrozenSet()));
    }
}

/// <summary>Keeps <see cref="ModuleAccess"/> fresh on this instance.</summary>
internal sealed class ModuleAccessRefresher(ModuleAccess access, ILogger<ModuleAccessRefresher> log) : BackgroundService
{
    public override async Task StartAsync(CancellationToken ct)
    {
        await access.RefreshAsync(ct); // before the first request
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ModuleAccess.RefreshEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await access.RefreshAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Could not reload module access; keeping the last known settings");
            }
        }
    }
}
