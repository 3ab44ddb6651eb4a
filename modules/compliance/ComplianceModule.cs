using Autofac;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Modules.Compliance.Campaigns;
using NetInfoSuite.Modules.Compliance.Cases;
using NetInfoSuite.Modules.Compliance.Notices;
using NetInfoSuite.Modules.Compliance.Registry;
using NetInfoSuite.Modules.Compliance.Rules;
using NetInfoSuite.Modules.Compliance.Summary;
using NetInfoSuite.Modules.Compliance.Websites;
using P = NetInfoSuite.Contracts.Compliance.CompliancePermissions;

namespace NetInfoSuite.Modules.Compliance;

/// <summary>合规整改: review cases, rectification notices, the media unit registry, the rules library.</summary>
public sealed class ComplianceModule : IModule
{
    public ModuleManifest Manifest { get; } =
        new("compliance", new LocalizedText("合规整改", "Compliance"), "1.0.0", ModuleCategories.Compliance, ["directory"])
        {
            // Notices and cases cross the levels (the city sends a notice to a county's unit, and both read it): one
            // shared set of documents, each carrying its unit's path; every read is limited to the caller's subtree.
            SharedData = true,
            Order = 10,
            Permissions =
            [
                // Grid operators forward directives; compliance records are not their work, so not on their menu.
                new(P.Read, "查看合规整改", "See compliance records", Enum.GetValues<Role>().Where(r => r != Role.GridOperator).ToArray()),
                new(P.Cases, "办理审核案件", "Handle review cases", [Role.CityAdmin, Role.CountyAdmin, Role.ComplianceOfficer, Role.Inspector]),
                new(P.Notices, "下发和核查整改通知书", "Issue and verify rectification notices",
                    // Inspectors too: a problem their tour finds becomes a notice they issue and later verify (issue 18).
                    [Role.CityAdmin, Role.CountyAdmin, Role.ComplianceOfficer, Role.Inspector]),
                new(P.Respond, "签收整改通知书并报告整改", "Sign for notices and report rectification",
                    [Role.CountyAdmin, Role.Editor, Role.ComplianceOfficer, Role.Reviewer]),
                new(P.Registry, "管理传媒领域非公有资本登记", "Keep the media unit registry", [Role.CityAdmin, Role.CountyAdmin, Role.ComplianceOfficer]),
                new(P.Rules, "管理制度库", "Keep the rules library", [Role.CityAdmin, Role.CountyAdmin, Role.ComplianceOfficer]),
            ],
            Navigation =
            [
                new("/compliance/notices", new("整改通知书", "Rectification notices"), P.Read),
                new("/compliance/cases", new("审核案件", "Review cases"), P.Read),
                new("/compliance/media-units", new("非公有资本登记", "Media unit registry"), P.Read),
                new("/compliance/rules", new("制度库", "Rules library"), P.Read),
                new("/compliance/campaigns", new("专项治理", "Special campaigns"), P.Read),
                new("/compliance/websites", new("网站安全检测", "Website checks"), P.Read),
            ],
        };

    public void Register(ContainerBuilder services, IConfiguration configuration)
    {
        services.RegisterInstance(ComplianceOptions.From(configuration));
        services.RegisterType<NoticeViews>().InstancePerLifetimeScope();
        services.RegisterType<NoticeIssuer>().InstancePerLifetimeScope();
        services.RegisterType<ComplianceCards>().As<NetInfoSuite.Contracts.Shell.IDashboardCards>().InstancePerLifetimeScope();
        services.RegisterInstance(WebsiteCheckOptions.From(configuration));
        services.RegisterType<WebsiteChecker>().InstancePerLifetimeScope();
        services.RegisterInstance(new RecurringWork("compliance website checks", TimeSpan.FromMinutes(5),
            (mediator, ct) => mediator.Send(new RunWebsiteChecks(), ct)));
        services.RegisterInstance(new RecurringWork("compliance overdue notices", TimeSpan.FromMinutes(1),
            (mediator, ct) => mediator.Send(new RunNoticeEscalation(), ct)));
    }

    public void ConfigureStorage(StoreOptions storage)
    {
        storage.Schema.For<Notice>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true)
            .Index(x => x.UnitPath).Index(x => x.IssuedAt)
            .UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "uq_notice_number", x => x.Tenant, x => x.Number);
        storage.Schema.For<ReviewCase>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true)
            .Index(x => x.UnitPath)
            .UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "uq_case_source", x => x.SourceKey!);
        storage.Schema.For<MediaUnit>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true)
            .Index(x => x.UnitPath).UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "uq_media_unit_code", x => x.CreditCode);
        // Scope, status and date as columns (filled in for existing rules when added): the search filters and ranks
        // thousands of rules by them without reading their documents (docs/adr/0025).
        storage.Schema.For<Rule>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true)
            .Duplicate(x => x.UnitPath).Duplicate(x => x.Status).Duplicate(x => x.IssuedOn!);
        storage.Storage.ExtendedSchemaObjects.Add(RuleIndex.Definition());
        storage.Schema.For<Website>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true).Index(x => x.UnitPath);
        storage.Schema.For<Campaign>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true).Index(x => x.UnitPath);
        foreach (var table in ComplianceTables.All()) storage.Storage.ExtendedSchemaObjects.Add(table);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        NoticeEndpoints.Map(endpoints);
        NoticeFileEndpoints.Map(endpoints);
        NoticeDocxEndpoint.Map(endpoints);
        CaseEndpoints.Map(endpoints);
        MediaUnitEndpoints.Map(endpoints);
        RuleEndpoints.Map(endpoints);
        CampaignEndpoints.Map(endpoints);
        WebsiteEndpoints.Map(endpoints);
    }
}
