using Autofac;
using Autofac.Core;
using Autofac.Core.Registration;
using Autofac.Core.Resolving.Pipeline;
using Marten;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Audit;

namespace NetInfoSuite.Host.Storage;

/// <summary>Every component of a module whose manifest says SharedData gets its sessions on the main
/// database, whatever the caller's tenant: the org tree is one tree, wherever the counties' data lives.</summary>
internal sealed class SharedDataSessions(IReadOnlySet<System.Reflection.Assembly> sharedModules) : Autofac.Module
{
    private const string Key = "shared-data";

    protected override void Load(ContainerBuilder builder)
    {
        builder.Register(c => TenantSessionFactory.Open(c.Resolve<IDocumentStore>(), Tenants.City, c.Resolve<CommandAudit>()))
            .Keyed<IDocumentSession>(Key).InstancePerLifetimeScope();
        builder.Register(c => c.Resolve<IDocumentStore>().QuerySession(Tenants.City))
            .Keyed<IQuerySession>(Key).InstancePerLifetimeScope();
    }

    protected override void AttachToComponentRegistration(IComponentRegistryBuilder registry, IComponentRegistration registration)
    {
        if (!sharedModules.Contains(registration.Activator.LimitType.Assembly)) return;
        registration.PipelineBuilding += (_, pipeline) => pipeline.Use(PipelinePhase.ParameterSelection, (context, next) =>
        {
            context.ChangeParameters(context.Parameters.Append(new ResolvedParameter(
                (p, _) => p.ParameterType == typeof(IDocumentSession) || p.ParameterType == typeof(IQuerySession),
                (p, c) => c.ResolveKeyed(Key, p.ParameterType))));
            next(context);
        });
    }
}
