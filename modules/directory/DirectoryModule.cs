using Autofac;
using Microsoft.Extensions.Configuration;
using Marten.Schema;
using NetInfoSuite.Contracts.Shell;
using NetInfoSuite.Modules.Directory.CountOrgUnits;
using NetInfoSuite.Modules.Directory.CreateOrgUnit;
using NetInfoSuite.Modules.Directory.DeactivateOrgUnit;
using NetInfoSuite.Modules.Directory.GetOrgSubtree;
using NetInfoSuite.Modules.Directory.GetOrgUnit;
using NetInfoSuite.Modules.Directory.ImportExport;
using NetInfoSuite.Modules.Directory.MoveOrgUnit;
using NetInfoSuite.Modules.Directory.RenameOrgUnit;
using NetInfoSuite.Modules.Directory.SearchOrgUnits;

namespace NetInfoSuite.Modules.Directory;

/// <summary>组织机构: the org tree every other module refers to.</summary>
public sealed class DirectoryModule : IModule
{
    public ModuleManifest Manifest { get; } =
        new("directory", new LocalizedText("组织机构", "Directory"), "1.2.0", ModuleCategories.Platform, [])
        {
            SharedData = true, // one tree for every tenant
            Order = 10,
            Navigation =
            [
                new("/directory", new("组织机构", "Org units"), DirectoryPermissions.Read),
                new("/directory/import", new("导入组织机构", "Import org units"), DirectoryPermissions.Manage),
            ],
            Permissions =
            [
                new(DirectoryPermissions.Read, "查看组织机构", "See the org tree", Enum.GetValues<Role>()),
                new(DirectoryPermissions.Manage, "管理组织机构", "Change the org tree",
                    [Role.SystemAdmin, Role.CityAdmin, Role.CountyAdmin]),
            ],
        };

    public void Register(ContainerBuilder services, IConfiguration configuration)
    {
        services.RegisterType<DirectoryScope>().InstancePerLifetimeScope();
        services.RegisterType<OrgUnitsCard>().As<IDashboardCards>().InstancePerLifetimeScope();
    }

    public void ConfigureStorage(StoreOptions storage)
    {
        storage.Schema.For<OrgUnit>()
            .DatabaseSchemaName(Manifest.Schema)
            .UniqueIndex(UniqueIndexType.Computed, "uq_org_unit_code", x => x.Code)
            // Null for every unit but the City: a unique index then allows one root only, even under races.
            .UniqueIndex(UniqueIndexType.Computed, "uq_org_unit_city_root", x => x.CityRoot!)
            .UniqueIndex(UniqueIndexType.Computed, OrgRules.SiblingNameIndex, x => x.SiblingName!)
            .Index(x => x.Path)
            // Two people changing the tree at once: the second change to a unit fails (409) instead of overwriting.
            .UseOptimisticConcurrency(true);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        CreateOrgUnitEndpoint.Map(endpoints);
        RenameOrgUnitEndpoint.Map(endpoints);
        MoveOrgUnitEndpoint.Map(endpoints);
        DeactivateOrgUnitEndpoint.Map(endpoints);
        GetOrgUnitEndpoint.Map(endpoints);
        GetOrgSubtreeEndpoint.Map(endpoints);
        SearchOrgUnitsEndpoint.Map(endpoints);
        ImportExportEndpoints.Map(endpoints);
    }
}
