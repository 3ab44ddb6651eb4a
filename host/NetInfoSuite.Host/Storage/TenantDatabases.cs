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
        foreach (var database in Read(config))
        {
            var store = DocumentStore.For(o => configureStore(o, database.ConnectionString));
            _extra.Add(store);
            Placements.Add(database with { Store = store });
            foreach (var tenant in database.Tenants) _byTenant[tenant] = store;
        }
    }

    /// <summary>NetInfo:Tenancy:Databases as written: each database's name, connection and tenants.</summary>
    public static IReadOnlyList<TenantDatabase> Read(IConfiguration config)
    {
        var databases = new List<TenantDatabase>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var database in config.GetSection("NetInfo:Tenancy:Databases").GetChildren())
        {
            var connection = database["ConnectionString"]
                ?? throw new InvalidOperationException($"NetInfo:Tenancy:Databases:{database.Key}:ConnectionString is missing.");
            var tenants = database.GetSection("Tenants") is { Value: { } list }
                ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : database.GetSection("Tenants").GetChildren().Select(c => c.Value!).ToArray();
            foreach (var tenant in tenants)
                if (!seen.Add(tenant))
                    throw new InvalidOperationException($"Tenant {tenant} is listed under more than one database.");
            databases.Add(new TenantDatabase(database.Key, connection, tenants, null));
        }
        return databases;
    }

    public IDocumentStore Main { get; }

    /// <summary>The extra databases' stores (not the main one).</summary>
    public IReadOnlyList<IDocumentStore> Extra => _extra;

    /// <summary>The extra databases with their tenants and stores.</summary>
    public List<TenantDatabase> Placements { get; } = [];

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

/// <summary>One database of NetInfo:Tenancy:Databases.</summary>
public sealed record TenantDatabase(string Name, string ConnectionString, IReadOnlyList<string> Tenants, IDocumentStore? Store);

/// <summary>Creates or updates the tables in every extra tenant database at start-up, as Marten does for the main
/// one; then refuses to start while a tenant's rows sit in a database that is not its own (ADR 0020).</summary>
internal sealed class TenantDatabasesSchema(TenantDatabases databases, string mainConnection) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var store in databases.Extra)
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var misplaced = await TenantPlacement.MisplacedAsync(databases.Main, mainConnection, databases.Placements, ct);
        if (misplaced.Count > 0)
            throw new InvalidOperationException(
                "Tenant rows sit in the wrong database for NetInfo:Tenancy:Databases: " + string.Join("; ", misplaced.Select(m => m.ToString())) +
                ". Stop every instance and move them with: dotnet NetInfoSuite.Host.dll tenants move <tenant> (with the same settings).");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
