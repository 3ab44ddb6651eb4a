using NetInfoSuite.Modules.JingpoWinterFishing.AddParticipant;
using NetInfoSuite.Modules.JingpoWinterFishing.CampaignReport;
using NetInfoSuite.Modules.JingpoWinterFishing.CreateCampaign;
using NetInfoSuite.Modules.JingpoWinterFishing.RecordPost;

namespace NetInfoSuite.Modules.JingpoWinterFishing;

/// <summary>宁安市's local plugin: the 镜泊湖冬捕 (Jingpo Lake winter fishing) propaganda campaign tracker.</summary>
public sealed class JingpoWinterFishingModule : IModule
{
    public const string Read = "jingpo-winter-fishing.read";
    public const string Manage = "jingpo-winter-fishing.manage";

    public ModuleManifest Manifest { get; } =
        new("jingpo-winter-fishing", new LocalizedText("镜泊湖冬捕宣传", "Jingpo Lake winter fishing campaign"), "1.1.0", ModuleCategories.Local, [])
        {
            Navigation = [new("/jingpo-winter-fishing", new("镜泊湖冬捕", "Jingpo Lake fishing"), Read)],
            Permissions =
            [
                new(Read, "查看冬捕宣传", "See the campaign", Enum.GetValues<Role>()),
                new(Manage, "登记冬捕宣传", "Record the campaign", [Role.CountyAdmin, Role.Editor]),
            ],
        };

    public void ConfigureStorage(StoreOptions storage)
    {
        storage.Schema.For<Campaign>().DatabaseSchemaName(Manifest.Schema).MultiTenanted();
        storage.Schema.For<CampaignPost>().DatabaseSchemaName(Manifest.Schema).MultiTenanted().Index(x => x.CampaignId);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        CreateCampaignEndpoint.Map(endpoints);
        AddParticipantEndpoint.Map(endpoints);
        RecordPostEndpoint.Map(endpoints);
        CampaignReportEndpoint.Map(endpoints);
    }
}
