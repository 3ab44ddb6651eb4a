using Autofac;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Modules.Inspection.Plans;
using NetInfoSuite.Modules.Inspection.Scoring;
using NetInfoSuite.Modules.Inspection.Tours;
using P = NetInfoSuite.Contracts.Inspection.InspectionPermissions;

namespace NetInfoSuite.Modules.Inspection;

/// <summary>督导考评: yearly evaluation plans scored from the other modules' own records (docs/adr/0032).</summary>
public sealed class InspectionModule : IModule
{
    public ModuleManifest Manifest { get; } =
        new("inspection", new LocalizedText("督导考评", "Inspection"), "1.0.0", ModuleCategories.Evaluation, ["directory"])
        {
            // A plan and its cards belong to the unit that runs the evaluation (the city, or a county for its streets); the
            // targets lie below it, possibly in other tenants: one shared set of documents, each read within the caller's subtree.
            SharedData = true,
            Order = 10,
            Permissions =
            [
                new(P.Read, "查看督导考评", "See evaluations", [Role.CityAdmin, Role.CountyAdmin, Role.Inspector, Role.Auditor, Role.Viewer]),
                new(P.Plans, "制定考评方案", "Draw up evaluation plans", [Role.CityAdmin, Role.CountyAdmin, Role.Inspector]),
                new(P.Score, "考评打分", "Score targets", [Role.Inspector, Role.CityAdmin, Role.CountyAdmin]),
                new(P.Publish, "发布考评结果", "Publish evaluation results", [Role.CityAdmin, Role.CountyAdmin]),
                new(P.Tours, "组织巡察", "Run inspection tours", [Role.CityAdmin, Role.CountyAdmin, Role.Inspector]),
            ],
            Navigation =
            [
                new("/inspection/plans", new("考评方案", "Evaluation plans"), P.Read),
                new("/inspection/tours", new("巡察", "Inspection tours"), P.Read),
                new("/inspection/bulletins", new("考评通报", "Bulletins"), P.Read),
                new("/inspection/results", new("目标管理", "Yearly results"), P.Read),
            ],
        };

    public void Register(ContainerBuilder services, IConfiguration configuration)
    {
        services.RegisterType<FigureReader>().InstancePerDependency();
        services.RegisterInstance(new RecurringWork("inspection overdue findings", TimeSpan.FromMinutes(1),
            (mediator, ct) => mediator.Send(new RemindOverdueFindings(), ct)));
        services.RegisterType<InspectionCards>().As<NetInfoSuite.Contracts.Shell.IDashboardCards>().InstancePerLifetimeScope();
    }

    public void ConfigureStorage(StoreOptions storage)
    {
        storage.Schema.For<Plan>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true).Index(x => x.UnitPath);
        storage.Schema.For<ScoreCard>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true).Index(x => x.UnitPath)
            .UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "uq_card_target", x => x.Plan, x => x.Unit);
        storage.Schema.For<EvidenceFile>().DatabaseSchemaName(Manifest.Schema).Index(x => x.UnitPath);
        storage.Schema.For<Bulletin>().DatabaseSchemaName(Manifest.Schema).Index(x => x.UnitPath);
        storage.Schema.For<Tour>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true).Index(x => x.UnitPath);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        PlanEndpoints.Map(endpoints);
        ScoreEndpoints.Map(endpoints);
        TourEndpoints.Map(endpoints);
        Targets.TargetEndpoints.Map(endpoints);
        Bulletins.BulletinEndpoints.Map(endpoints);
    }
}
