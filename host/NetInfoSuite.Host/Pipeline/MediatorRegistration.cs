using Autofac;
using FluentValidation;
using MediatR;
using NetInfoSuite.Host.Plugins;

namespace NetInfoSuite.Host.Pipeline;

internal static class MediatorRegistration
{
    public static void AddMediator(this ContainerBuilder builder)
    {
        builder.RegisterType<ModuleAwareMediator>().As<IMediator>().InstancePerLifetimeScope();
        // Autofac returns IEnumerable<IPipelineBehavior<,>> in registration order: outermost first.
        foreach (var (_, behavior, singleton) in PipelineStages.Host.OrderBy(s => s.Order))
        {
            var registration = builder.RegisterGeneric(behavior).As(typeof(IPipelineBehavior<,>));
            if (singleton) registration.SingleInstance();
        }
        RegisterHandlers(builder, typeof(MediatorRegistration).Assembly); // the platform's own (users, audit)
    }

    /// <summary>By convention, a module's handlers and validators need no registration code.</summary>
    public static void AddModule(this ContainerBuilder builder, LoadedModule module,
        Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        module.Module!.Register(builder, configuration);
        RegisterHandlers(builder, module.Assembly!);
    }

    private static void RegisterHandlers(ContainerBuilder builder, System.Reflection.Assembly assembly)
    {
        builder.RegisterAssemblyTypes(assembly).AsClosedTypesOf(typeof(IRequestHandler<,>)).InstancePerDependency();
        builder.RegisterAssemblyTypes(assembly).AsClosedTypesOf(typeof(INotificationHandler<>)).InstancePerDependency();
        // Validators check the shape of a request, never stored state: built once, shared (as FluentValidation advises).
        builder.RegisterAssemblyTypes(assembly).AsClosedTypesOf(typeof(IValidator<>)).SingleInstance();
    }
}
