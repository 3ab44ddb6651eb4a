using Autofac;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Modules.AccountMatrix.Dormant;
using NetInfoSuite.Modules.AccountMatrix.Metrics;
using NetInfoSuite.Modules.AccountMatrix.Rankings;
using NetInfoSuite.Modules.AccountMatrix.Registry;
using NetInfoSuite.Modules.AccountMatrix.Reposts;
using P = NetInfoSuite.Contracts.AccountMatrix.AccountMatrixPermissions;

namespace NetInfoSuite.Modules.AccountMatrix;

/// <summary>新媒体矩阵: the registry of the office's accounts, their metrics and rankings, review before publishing, netizen
/// messages, dormant checks, topics, training, repost tasks and the dashboards built on them.</summary>
public sealed class AccountMatrixModule : IModule
{
    public ModuleManifest Manifest { get; } =
        new("account-matrix", new LocalizedText("新媒体矩阵", "Account matrix"), "1.0.0", ModuleCategories.Matrix, ["directory"])
        {
            // City rankings span every county's accounts: one shared set, each read bounded by the caller's unit path.
            SharedData = true,
            Order = 10,
            Navigation =
            [
                new("/account-matrix", new("新媒体账号", "Accounts"), P.Read),
                new("/account-matrix/rankings", new("传播力排名", "Rankings"), P.Read),
                new("/account-matrix/influential", new("影响力榜单", "Most influential"), P.Read),
                new("/account-matrix/four-powers", new("四力评价", "Four powers"), P.Read),
                new("/account-matrix/dashboard", new("矩阵数据看板", "Matrix dashboard"), P.Read),
                new("/account-matrix/dormant", new("僵尸号排查", "Dormant accounts"), P.Read),
                new("/account-matrix/publishing", new("先审后发", "Review before publishing"), P.Read),
                new("/account-matrix/messages", new("网民留言", "Netizen messages"), P.Read),
                new("/account-matrix/reposts", new("指令转发核查", "Directive reposts"), P.Read),
                new("/account-matrix/topics", new("专题专栏", "Topics"), P.Read),
                new("/account-matrix/training", new("业务培训", "Training"), P.Read),
                new("/account-matrix/metrics", new("账号数据导入", "Metrics import"), P.Metrics),
            ],
            Permissions =
            [
                // Grid operators forward directives to their groups; the matrix is none of their work.
                new(P.Read, "查看新媒体矩阵", "See the account matrix", Enum.GetValues<Role>().Where(r => r != Role.GridOperator).ToArray()),
                new(P.Manage, "管理新媒体账号", "Manage accounts", [Role.CityAdmin, Role.CountyAdmin, Role.Editor]),
                new(P.Metrics, "录入账号数据", "Record metrics", [Role.CityAdmin, Role.CountyAdmin, Role.Editor]),
                new(P.Review, "审核稿件", "Review pieces before publishing", [Role.CityAdmin, Role.CountyAdmin, Role.Reviewer]),
                new(DormantPermissions.RunWarnings, "立即发送僵尸号提醒", "Send the dormant-account warnings now", [Role.SystemAdmin]),
            ],
        };

    public void Register(ContainerBuilder services, IConfiguration configuration)
    {
        services.RegisterType<Dashboards.MatrixCards>().As<NetInfoSuite.Contracts.Shell.IDashboardCards>().InstancePerLifetimeScope();
        services.RegisterInstance(new FourPowerWeights(configuration));
        services.RegisterInstance(new DormantThresholds(configuration));
        services.RegisterInstance(new Messages.MessageLimits(TimeSpan.FromHours(configuration.GetValue("AccountMatrix:ReplyWithinHours", 72))));
        // No publisher is shipped: connectors are plugins (IPublisherAdapter), and without one a piece waits for a person.
        services.RegisterInstance(new RecurringWork("account-matrix publishing", TimeSpan.FromMinutes(1),
            (mediator, ct) => mediator.Send(new Publishing.RunScheduledPublishing(), ct)));
        services.RegisterInstance(new RecurringWork("account-matrix dormant warnings", TimeSpan.FromHours(1),
            (mediator, ct) => mediator.Send(new WarnDormantAccounts(), ct)));
    }

    public void ConfigureStorage(StoreOptions storage)
    {
        storage.Schema.For<Account>().DatabaseSchemaName(Manifest.Schema).Index(x => x.UnitPath).Index(x => x.OwnerUnitId).Index(x => x.Handle);
        storage.Schema.For<RepostTask>().DatabaseSchemaName(Manifest.Schema).Index(x => x.DirectiveId);
        storage.Schema.For<Publishing.Publication>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true);
        storage.Schema.For<Publishing.DictionaryWord>().DatabaseSchemaName(Manifest.Schema);
        storage.Schema.For<PublishedRanking>().DatabaseSchemaName(Manifest.Schema);
        storage.Schema.For<Dashboards.CountyPopulation>().DatabaseSchemaName(Manifest.Schema);
        storage.Schema.For<Topics.Topic>().DatabaseSchemaName(Manifest.Schema).Index(x => x.UnitPath);
        storage.Schema.For<Training.TrainingSession>().DatabaseSchemaName(Manifest.Schema).Index(x => x.UnitPath);
        storage.Schema.For<Messages.NetizenMessage>().DatabaseSchemaName(Manifest.Schema).Index(x => x.UnitPath).Index(x => x.AccountId);
        foreach (var table in MetricTables.All()) storage.Storage.ExtendedSchemaObjects.Add(table);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        RegistryEndpoints.Map(endpoints);
        AccountSheetEndpoints.Map(endpoints);
        MetricEndpoints.Map(endpoints);
        MetricWorkbookEndpoint.Map(endpoints);
        RankingEndpoints.Map(endpoints);
        PublishedRankingEndpoints.Map(endpoints);
        FourPowersEndpoint.Map(endpoints);
        ScoreHistoryEndpoint.Map(endpoints);
        InfluentialEndpoint.Map(endpoints);
        Dashboards.PushVolumeEndpoint.Map(endpoints);
        Dashboards.AppDownloadEndpoints.Map(endpoints);
        DormantEndpoints.Map(endpoints);
        DormantEndpoints.MapRun(endpoints);
        RepostEndpoints.Map(endpoints);
        Publishing.PublicationEndpoints.Map(endpoints);
        Publishing.PublishingEndpoints.Map(endpoints);
        Publishing.PublicationListEndpoints.Map(endpoints);
        Messages.MessageEndpoints.Map(endpoints);
        Messages.MessageListEndpoints.Map(endpoints);
        Topics.TopicEndpoints.Map(endpoints);
        Training.TrainingEndpoints.Map(endpoints);
        Summary.SummaryEndpoint.Map(endpoints);
    }
}
