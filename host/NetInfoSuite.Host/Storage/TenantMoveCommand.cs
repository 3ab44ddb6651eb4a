using Marten;
using NetInfoSuite.Host.Plugins;

namespace NetInfoSuite.Host.Storage;

/// <summary><c>dotnet NetInfoSuite.Host.dll tenants move &lt;tenant&gt; [settings]</c>: moves a county's rows of
/// tenanted documents from the main database into the database NetInfo:Tenancy:Databases gives it. Run it
/// with the same settings as the hosts, while they are stopped (ADR 0020).</summary>
internal static class TenantMoveCommand
{
    public static async Task<int> RunAsync(string tenant, string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var config = builder.Configuration;
        var log = HostLogging.Create(config);
        var target = TenantDatabases.Read(config).FirstOrDefault(d => d.Tenants.Contains(tenant));
        if (target is null)
        {
            log.Error("Tenant {Tenant} is not listed under NetInfo:Tenancy:Databases: list it there first, then move its rows", tenant);
            return 2;
        }

        var (connection, embedded) = await StorageSetup.ResolveDatabaseAsync(config, Directory.GetCurrentDirectory(), log);
        try
        {
            // The tables to move are the tenanted documents of the plugins this deployment loads.
            var catalog = ModuleCatalog.Load(NetInfoApp.PluginsPath(config), ModuleSelection.Read(config), config, log, NetInfoApp.PluginCacheFor(config));
            await using var main = DocumentStore.For(o => StorageSetup.ConfigureStore(o, connection, catalog));
            await using var own = DocumentStore.For(o => StorageSetup.ConfigureStore(o, target.ConnectionString, catalog));
            await main.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await own.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var moved = await TenantPlacement.MoveAsync(main, connection, target, tenant, log, CancellationToken.None);
            log.Information("Tenant {Tenant}: {Rows} row(s) moved from the main database into the {Database} database", tenant, moved, target.Name);
            return 0;
        }
        catch (Exception ex)
        {
            log.Error(ex, "Moving tenant {Tenant} failed; nothing moved is lost (run the command again)", tenant);
            return 1;
        }
        finally
        {
            if (embedded is not null) await embedded.DisposeAsync();
        }
    }
}
