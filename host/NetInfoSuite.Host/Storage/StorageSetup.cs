using JasperFx;
using Marten;
using Marten.Schema;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Audit;
using NetInfoSuite.Host.Outbox;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Host.Plugins;
using Weasel.Core;

namespace NetInfoSuite.Host.Storage;

internal static class StorageSetup
{
    /// <summary>ConnectionStrings:Marten when set; otherwise the embedded cluster, started here.</summary>
    public static async Task<(string ConnectionString, IAsyncDisposable? Embedded)> ResolveDatabaseAsync(
        IConfiguration configuration, string contentRoot, Serilog.ILogger log)
    {
        var configured = configuration.GetConnectionString("Marten");
        if (!string.IsNullOrWhiteSpace(configured))
            return (configured, null);

        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("The embedded database runs on Linux; set ConnectionStrings:Marten elsewhere.");
        var section = configuration.GetSection("NetInfo:Database");
        var options = new EmbeddedPostgresOptions
        {
            DataDir = Path.Combine(contentRoot, section["DataDir"] ?? ".netinfo/pg"),
            BinDir = section["BinDir"],
            SystemUser = section["SystemUser"] ?? "postgres",
            Durable = section.GetValue("Durable", true),
        };
        var embedded = await EmbeddedPostgres.StartAsync(options, log);
        return (embedded.ConnectionString, embedded);
    }

    /// <summary>The host keeps connection and serializer settings; each module brings its own schema.</summary>
    public static void AddStorage(this IServiceCollection services, string connectionString, ModuleCatalog catalog, Serilog.ILogger log)
    {
        var quiet = new QuietDatabaseLog(log);
        void Configure(StoreOptions options, string connection)
        {
            ConfigureStore(options, connection, catalog);
            options.Logger(quiet);
        }

        services.AddMarten(options => Configure(options, connectionString))
            .BuildSessionsWith<TenantSessionFactory>(ServiceLifetime.Scoped)
            .ApplyAllDatabaseChangesOnStartup();
        services.AddSingleton(sp => new TenantDatabases(sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<IConfiguration>(), Configure));
        services.AddSingleton<ITenantDatabases>(sp => sp.GetRequiredService<TenantDatabases>());
        // After Marten's own start-up work, which creates the tables.
        services.AddHostedService(sp => new TenantDatabasesSchema(sp.GetRequiredService<TenantDatabases>(), connectionString));
        services.AddAuditTrail();
    }

    /// <summary>One store's settings: the main database's and every tenant database's alike.</summary>
    public static void ConfigureStore(StoreOptions options, string connection, ModuleCatalog catalog)
    {
        options.Connection(connection);
        options.DatabaseSchemaName = "netinfo";
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        PlatformStorage(options);
        options.ConfigureOutboxStorage();
        foreach (var module in catalog.Loaded)
            module.Module!.ConfigureStorage(options);
    }

    /// <summary>The platform's own documents: users, tokens, sign-in throttling, keys, inboxes,
    /// uploads waiting for confirmation.</summary>
    private static void PlatformStorage(StoreOptions options)
    {
        const string schema = "platform";
        options.Listeners.Add(new SystemChangesListener());
        options.Schema.For<PlatformUser>().DatabaseSchemaName(schema)
            .UniqueIndex(UniqueIndexType.Computed, "uq_user_login", x => x.Login).Index(x => x.Tenant);
        options.Schema.For<IssuedToken>().DatabaseSchemaName(schema).Index(x => x.Family).Index(x => x.UserId);
        options.Storage.ExtendedSchemaObjects.Add(SignInAttempts.Schema());
        options.Schema.For<DataProtectionKey>().DatabaseSchemaName(schema);
        options.Schema.For<Tenancy.ModuleAccessRules>().DatabaseSchemaName(schema);
        options.Schema.For<Tenancy.TenantModules>().DatabaseSchemaName(schema);
        options.Schema.For<Shell.Notification>().DatabaseSchemaName(schema).Index(x => x.UserId);
        options.Schema.For<Shell.PendingUpload>().DatabaseSchemaName(schema);
    }
}
