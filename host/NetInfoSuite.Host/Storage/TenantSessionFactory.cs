using Marten;
using Marten.Services;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Audit;

namespace NetInfoSuite.Host.Storage;

/// <summary>Every injected session belongs to the caller's tenant: documents a module marks MultiTenanted()
/// are stamped with it and filtered by it (Marten conjoined tenancy). City-level code spans tenants
/// explicitly with AnyTenant(). Documents not marked tenanted (the platform's, the org tree) are shared.
/// The caller's tenant decides the database too (<see cref="TenantDatabases"/>). Writing sessions on the main
/// database also carry the command's audit record into its commit; the audit trail lives only there, so a
/// command of a tenant with its own database has its record written right after (ADR 0020).</summary>
internal sealed class TenantSessionFactory(TenantDatabases databases, ICaller caller, CommandAudit audit) : ISessionFactory
{
    public IQuerySession QuerySession() => databases.StoreFor(caller.Tenant.Value).QuerySession(caller.Tenant.Value);

    public IDocumentSession OpenSession()
    {
        var store = databases.StoreFor(caller.Tenant.Value);
        return Open(store, caller.Tenant.Value, ReferenceEquals(store, databases.Main) ? audit : null);
    }

    /// <param name="audit">the request's command audit, for a session on the main database; null elsewhere</param>
    internal static IDocumentSession Open(IDocumentStore store, string tenant, CommandAudit? audit)
    {
        var options = new Marten.Services.SessionOptions { TenantId = tenant, Tracking = DocumentTracking.None };
        if (audit is not null) options.Listeners.Add(new AuditSessionListener(audit));
        return store.LightweightSession(options);
    }
}
