using Marten;
using Marten.Services;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Audit;

namespace NetInfoSuite.Host.Storage;

/// <summary>Every injected session belongs to the caller's tenant: documents a module marks MultiTenanted()
/// are stamped with it and filtered by it (Marten conjoined tenancy). City-level code spans tenants
/// explicitly with AnyTenant(). Documents not marked tenanted (the platform's, the org tree) are shared.
/// Writing sessions also carry the command's audit record into its commit.</summary>
internal sealed class TenantSessionFactory(IDocumentStore store, ICaller caller, CommandAudit audit) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession(caller.Tenant.Value);

    public IDocumentSession OpenSession()
    {
        var options = new Marten.Services.SessionOptions { TenantId = caller.Tenant.Value, Tracking = DocumentTracking.None };
        options.Listeners.Add(new AuditSessionListener(audit));
        return store.LightweightSession(options);
    }
}
