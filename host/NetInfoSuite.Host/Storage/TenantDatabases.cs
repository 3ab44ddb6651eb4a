using Marten;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Storage;

/// <summary>Where each tenant's documents live. By default every tenant shares the main database (Marten
/// conjoined tenancy). NetInfo:Tenancy:Databases moves listed tenants into databases of their own, by
/// configuration alone (as a province would spread counties over servers):
/// <code>"Tenancy": { "Databases": { "east": { "ConnectionString": "…", "Tenants": [ "231002", "231084" ] } } }</code>
/// Shared documents (the platform's, and modules with SharedData) always stay in the main database.</summary>
public sealed class TenantDatabases : ITenantDatabases, IAsyncDisposable
{
    private readonly Dictionary<string, IDocumentStore> _byTenant = new(StringComparer.Ordinal);
    private readonly List<DocumentStore> _extra = [];

    public TenantDatabases(IDocumentStore main, IConfiguration config, Action<StoreOptions, string> configureStore)
    {
        Main = main;
        foreach (var database in config.GetSection("NetInfo:Tenancy:Databases").GetChildren())
        {
            var connection = database["ConnectionString"]
                ?? throw new InvalidOperationException($"NetInfo:Tenancy:Databases:{database.Key}:ConnectionString is missing.");
            var tenants = database.GetSection("Tenants") is { Value: { } list }
                ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : database.GetSection("Tenants").GetChildren().Select(c => c.Value!).ToArray();
            var store = DocumentStore.For(o => configureStore(o, connection));
            _extra.Add(store);
            foreach (var tenant in tenants)
                if (!_byTenant.TryAdd(tenant, store))
                    throw new InvalidOperationException($"Tenant {tenant} is listed under more than one database.");
        }
    }

    public IDocumentStore Main { get; }

    /// <summary>The extra databases' stores (not the main one).</summary>
    public IReadOnlyList<IDocumentStore> Extra => _extra;

    public IDocumentStore StoreFor(string tenant) => _byTenant.GetValueOrDefault(tenant, Main);

    public async Task<IReadOnlyList<T>> QueryAllAsync<T>(Func<IQuerySession, Task<IReadOnlyList<T>>> query, CancellationToken ct = default)
    {
        var results = new List<T>();
        foreach (var store in _extra.Prepend(Main))
        {
            await using var session = store.QuerySession(Tenants.City);
            results.AddRange(await query(session));
        }
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _extra) await store.DisposeAsync();
    }
}

/// <summary>Creates or updates the tables in every extra tenant database at start-up, as Marten does for the main one.</summary>
internal sealed class TenantDatabasesSchema(TenantDatabases databases) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var store in databases.Extra)
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
