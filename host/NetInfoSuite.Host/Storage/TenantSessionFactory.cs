using Marten;
using NetInfoSuite.Contracts.Security;

namespace NetInfoSuite.Host.Storage;

/// <summary>Every injected session belongs to the caller's tenant: documents a module marks MultiTenanted()
/// are stamped with it and filtered by it (Marten conjoined tenancy). City-level code spans tenants
/// explicitly with AnyTenant(). Documents not marked tenanted (the platform's, the org tree) are shared.</summary>
internal sealed class TenantSessionFactory(IDocumentStore store, ICaller caller) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession(caller.Tenant.Value);

    public IDocumentSession OpenSession() => store.LightweightSession(caller.Tenant.Value);
}
