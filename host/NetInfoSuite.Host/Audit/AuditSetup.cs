namespace NetInfoSuite.Host.Audit;

internal static class AuditSetup
{
    /// <summary>After Marten's own start-up work: the trail's table, partitions and rules, in the main database.</summary>
    public static void AddAuditTrail(this IServiceCollection services)
    {
        services.AddSingleton(sp => AuditRetention.From(sp.GetRequiredService<IConfiguration>()));
        services.AddHostedService<AuditSchema>();
    }
}
