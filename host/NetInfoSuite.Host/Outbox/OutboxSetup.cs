using Marten;
using NetInfoSuite.Contracts.Messaging;

namespace NetInfoSuite.Host.Outbox;

internal static class OutboxSetup
{
    /// <summary>For every store (main and tenant databases): the tables, and the listener that carries a handler's
    /// inbox row into its commit.</summary>
    public static void ConfigureOutboxStorage(this StoreOptions options)
    {
        foreach (var table in OutboxTables.All()) options.Storage.ExtendedSchemaObjects.Add(table);
        options.Listeners.Add(new InboxSessionListener());
    }

    public static void AddOutbox(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(OutboxOptions.From(config));
        services.AddSingleton<IOutbox, Outbox>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
    }
}
