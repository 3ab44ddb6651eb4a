using Autofac;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Modules.NetizenRegistry.Profiles;
using NetInfoSuite.Modules.NetizenRegistry.Protection;

namespace NetInfoSuite.Modules.NetizenRegistry;

/// <summary>网络人士: the registry of online personalities (网络人士), their platforms, influence and contact with the
/// office. Personal data is kept by 个人信息保护法: collected only for the listed fields, masked unless revealed.</summary>
public sealed class NetizenRegistryModule : IModule
{
    public ModuleManifest Manifest { get; } =
        new("netizen-registry", new LocalizedText("网络人士", "Netizen registry"), "1.0.0", ModuleCategories.Registry, ["directory"])
        {
            // The city keeps one registry across counties; each read is bounded by the caller's unit path.
            SharedData = true,
            Navigation =
            [
                new("/netizen-registry", new("网络人士名录", "Online personalities"), NetizenRegistryPermissions.Read),
                new("/netizen-registry/duplicates", new("重复登记合并", "Duplicates"), NetizenRegistryPermissions.Read),
                new("/netizen-registry/good-netizens", new("好网民", "Good netizens"), NetizenRegistryPermissions.Read),
                new("/netizen-registry/trips", new("采风活动", "Field trips"), NetizenRegistryPermissions.Read),
                new("/netizen-registry/selections", new("好网民评选", "Selections"), NetizenRegistryPermissions.Read),
                new("/netizen-registry/association", new("自媒体行业协会", "Self-media association"), NetizenRegistryPermissions.Read),
                new("/netizen-registry/exports", new("个人信息导出", "Personal data exports"), NetizenRegistryPermissions.Reveal),
            ],
            Permissions =
            [
                // Personal data: only those who work with personalities see even the masked registry.
                new(NetizenRegistryPermissions.Read, "查看网络人士名录", "See the registry of online personalities",
                    [Role.CityAdmin, Role.CountyAdmin, Role.Editor, Role.RegistryOfficer, Role.Inspector, Role.Auditor]),
                new(NetizenRegistryPermissions.Manage, "登记网络人士", "Record online personalities",
                    [Role.CityAdmin, Role.CountyAdmin, Role.Editor, Role.RegistryOfficer]),
                new(NetizenRegistryPermissions.Reveal, "查看网络人士完整个人信息", "Reveal a personality's personal data", [Role.RegistryOfficer]),
                new(NetizenRegistryPermissions.Erase, "删除网络人士个人信息", "Erase a personality's personal data on request", [Role.RegistryOfficer]),
                // Held by the roles that see the registry; only a campaign's named jurors actually score (ADR 0030).
                new(Selections.SelectionPermissions.Score, "为好网民评选候选人评分", "Score a selection's candidates as a named juror",
                    [Role.CityAdmin, Role.CountyAdmin, Role.Editor, Role.RegistryOfficer, Role.Inspector, Role.Auditor]),
                new(NetizenRegistryPermissions.Keys, "轮换网络人士加密密钥", "Rotate the registry's encryption keys", [Role.SystemAdmin]),
            ],
        };

    public void Register(ContainerBuilder services, IConfiguration configuration)
    {
        // Read (and checked) here: a wrong key setting stops the module from loading, with the reason in the log.
        services.RegisterInstance(new RegistryKeys(configuration));
        services.RegisterType<PersonalData>().SingleInstance();
        services.RegisterType<Selections.PublicVoting>().InstancePerLifetimeScope();
        services.RegisterInstance(Selections.VotingLimits.Configure(configuration))
            .As<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>>();
        services.RegisterType<Dashboard.RegistryCards>().As<NetInfoSuite.Contracts.Shell.IDashboardCards>().InstancePerLifetimeScope();
    }

    public void ConfigureStorage(StoreOptions storage)
    {
        storage.Schema.For<Profile>().DatabaseSchemaName(Manifest.Schema).Index(x => x.UnitPath).Index(x => x.MobileIndex);
        storage.Schema.For<ProcessingRecord>().DatabaseSchemaName(Manifest.Schema).Index(x => x.ProfileId);
        storage.Schema.For<Interaction>().DatabaseSchemaName(Manifest.Schema).Index(x => x.UnitPath);
        // Versioned as a second guard: a change that read the trip before another committed (a merge of duplicates, which
        // does not lock the trips it rewrites) fails (409) instead of undoing it.
        storage.Schema.For<FieldTrip>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true).Index(x => x.UnitPath);
        // Versioned as a second guard: a change that read the campaign before another committed fails (409) instead of undoing it.
        storage.Schema.For<Selection>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true).Index(x => x.UnitPath);
        storage.Schema.For<JuryScore>().DatabaseSchemaName(Manifest.Schema).Index(x => x.SelectionId);
        storage.Schema.For<Vote>().DatabaseSchemaName(Manifest.Schema).Index(x => x.SelectionId).Index(x => x.CandidateId);
        storage.Schema.For<VoteCode>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true).Index(x => x.TokenHash).Index(x => x.Voter);
        storage.Schema.For<Exports.ExportRequest>().DatabaseSchemaName(Manifest.Schema).UseOptimisticConcurrency(true);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ProfileEndpoints.Map(endpoints);
        MembershipEndpoint.Map(endpoints);
        ProtectionEndpoints.Map(endpoints);
        GoodNetizens.GoodNetizenEndpoints.Map(endpoints);
        Interactions.InteractionEndpoints.Map(endpoints);
        FieldTrips.TripEndpoints.Map(endpoints);
        Summary.SummaryEndpoint.Map(endpoints);
        Exports.ExportEndpoints.Map(endpoints);
        Survey.SurveyEndpoints.Map(endpoints);
        Survey.DuplicateEndpoints.Map(endpoints);
        Association.AssociationEndpoint.Map(endpoints);
        Selections.SelectionEndpoints.Map(endpoints);
        Selections.VotingEndpoints.Map(endpoints);
    }
}
