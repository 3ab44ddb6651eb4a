using Autofac;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Modules.GridDispatch.Cap;
using NetInfoSuite.Modules.GridDispatch.Directives;
using NetInfoSuite.Modules.GridDispatch.Evaluation;
using NetInfoSuite.Modules.GridDispatch.Feedback;
using NetInfoSuite.Modules.GridDispatch.Groups;
using NetInfoSuite.Modules.GridDispatch.Progress;
using NetInfoSuite.Modules.GridDispatch.Relay;
using NetInfoSuite.Modules.GridDispatch.Supervision;
using P = NetInfoSuite.Contracts.GridDispatch.GridDispatchPermissions;

namespace NetInfoSuite.Modules.GridDispatch;

/// <summary>网格群四级联动: directives to the grid groups of the four levels, feedback, 督办 and 考评.</summary>
public sealed class GridDispatchModule : IModule
{
    public ModuleManifest Manifest { get; } =
        new("grid-dispatch", new LocalizedText("网格群传播", "Grid dispatch"), "1.0.0", ModuleCategories.Propagation, ["directory"])
        {
            // Directives cross the levels (the city issues to every county's groups): one shared set of rows,
            // each carrying its unit's path; every read is limited to the caller's subtree.
            SharedData = true,
            Order = 10,
            Permissions =
            [
                new(P.Read, "查看传播指令", "See directives and progress", Enum.GetValues<Role>()),
                new(P.ManageGroups, "管理网格群", "Manage grid groups", [Role.CityAdmin, Role.CountyAdmin]),
                new(P.Draft, "起草传播指令", "Draft directives", [Role.CityAdmin, Role.CountyAdmin, Role.Editor]),
                new(P.Approve, "审批并下发指令", "Approve and issue directives", [Role.CityAdmin, Role.CountyAdmin]),
                new(P.Relay, "签收转发指令", "Sign for and forward directives", [Role.CountyAdmin, Role.Editor]),
                new(P.Operate, "反馈传播任务", "Report on tasks", [Role.GridOperator]),
                new(P.Supervise, "督办", "Supervise", [Role.SystemAdmin, Role.CityAdmin, Role.CountyAdmin]),
            ],
            Navigation =
            [
                new("/grid-dispatch/tasks", new("我的传播任务", "My tasks"), P.Operate),
                new("/grid-dispatch/directives", new("传播指令", "Directives"), P.Read),
                new("/grid-dispatch/groups", new("网格群", "Grid groups"), P.ManageGroups),
                new("/grid-dispatch/evaluation", new("考评", "Evaluation"), P.Read),
            ],
        };

    public void Register(ContainerBuilder services, IConfiguration configuration)
    {
        services.RegisterInstance(DispatchOptions.From(configuration));
        services.RegisterType<OperatorCards>().As<NetInfoSuite.Contracts.Shell.IDashboardCards>().InstancePerLifetimeScope();
        services.RegisterType<RelayCards>().As<NetInfoSuite.Contracts.Shell.IDashboardCards>().InstancePerLifetimeScope();
        services.RegisterInstance(new RecurringWork("grid-dispatch supervision", TimeSpan.FromMinutes(1),
            (mediator, ct) => mediator.Send(new RunSupervision(), ct)));
    }

    public void ConfigureStorage(StoreOptions storage)
    {
        storage.Schema.For<GridGroup>().DatabaseSchemaName(Manifest.Schema)
            .Index(x => x.UnitPath).Index(x => x.OrgUnitId);
        storage.Schema.For<Directive>().DatabaseSchemaName(Manifest.Schema).Index(x => x.IssuerPath)
            .UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "uq_directive_cap", x => x.CapKey!);
        storage.Schema.For<CapAreaMapping>().DatabaseSchemaName(Manifest.Schema);
        foreach (var table in DispatchTables.All()) storage.Storage.ExtendedSchemaObjects.Add(table);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        CreateGridGroupEndpoint.Map(endpoints);
        UpdateGridGroupEndpoint.Map(endpoints);
        ListGroupsEndpoint.Map(endpoints);
        ImportExportGroupsEndpoints.Map(endpoints);
        DirectiveEndpoints.Map(endpoints);
        SignDirectiveEndpoint.Map(endpoints);
        FeedbackEndpoints.Map(endpoints);
        SupervisionEndpoints.Map(endpoints);
        ProgressEndpoints.Map(endpoints);
        EvaluationEndpoints.Map(endpoints);
        CapEndpoints.Map(endpoints);
    }
}
