using NetInfoSuite.Modules.NetInfoModuleTemplate.CreateRecord;
using NetInfoSuite.Modules.NetInfoModuleTemplate.ListRecords;

namespace NetInfoSuite.Modules.NetInfoModuleTemplate;

/// <summary>The module as the host sees it. Edit the names, category, dependencies and permissions.</summary>
public sealed class NetInfoModuleTemplateModule : IModule
{
    public const string Read = "module-id.read";
    public const string Manage = "module-id.manage";

    public ModuleManifest Manifest { get; } =
        new("module-id", new LocalizedText("NetInfoModuleTemplate", "NetInfoModuleTemplate"), "0.1.0", "work", [])
        {
            // Its pages in the console's navigation, each shown to holders of its permission.
            Navigation = [new("/module-id", new LocalizedText("NetInfoModuleTemplate", "NetInfoModuleTemplate"), Read)],
            Permissions =
            [
                new(Read, "查看", "Read", Enum.GetValues<Role>()),
                new(Manage, "登记", "Record", [Role.CityAdmin, Role.CountyAdmin, Role.Editor]),
            ],
        };

    /// <summary>Its own schema; records belong to the tenant (county) that wrote them.</summary>
    public void ConfigureStorage(StoreOptions storage) =>
        storage.Schema.For<NetInfoModuleTemplateRecord>().DatabaseSchemaName(Manifest.Schema).MultiTenanted();

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        CreateRecordEndpoint.Map(endpoints);
        ListRecordsEndpoint.Map(endpoints);
    }
}
