using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Tenancy;

namespace NetInfoSuite.Host.Web;

internal static class ModuleEndpoints
{
    /// <summary>A module's console pages answer 404 for a tenant that has the module switched off, like its API.</summary>
    public static IApplicationBuilder UseModulePages(this IApplicationBuilder app, ModuleCatalog catalog) => app.Use(async (http, next) =>
    {
        var page = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>();
        if (page is not null && catalog.OwnerOf(page.Type.Assembly) is { } module &&
            !http.RequestServices.GetRequiredService<ModuleAccess>().IsActive(http.RequestServices.GetRequiredService<ICaller>(), module))
        {
            if (ErrorPages.IsBrowser(http.Request))
            {
                http.Response.StatusCode = 404; // drawn by the error page
                return;
            }
            await Results.Problem(statusCode: 404, type: "urn:netinfo:problem:module-disabled",
                title: "本租户未启用该模块 / Module not enabled for this tenant", detail: module).ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    /// <summary>Each module maps its endpoints under /api/{id}. A module whose mapping throws is marked
    /// failed and whatever it mapped before throwing answers 503 instead of half-working.</summary>
    public static void MapModules(this WebApplication app, ModuleCatalog catalog, Serilog.ILogger log)
    {
        var access = app.Services.GetRequiredService<ModuleAccess>();
        foreach (var module in catalog.Loaded.ToList())
        {
            var group = app.MapGroup($"/api/{module.Id}").WithTags(module.Id);
            group.AddEndpointFilter(async (context, next) =>
            {
                if (!module.IsLoaded)
                    return Results.Problem(statusCode: 503, type: "urn:netinfo:problem:module-unavailable",
                        title: "模块不可用 / Module unavailable", detail: $"{module.Id}: {module.Error}");
                var caller = context.HttpContext.RequestServices.GetRequiredService<ICaller>();
                // Switched off for the caller's tenant: as if the module were not there.
                if (!access.IsActive(caller, module.Id))
                    return Results.Problem(statusCode: 404, type: "urn:netinfo:problem:module-disabled",
                        title: "本租户未启用该模块 / Module not enabled for this tenant", detail: module.Id);
                return await next(context);
            });
            try
            {
                module.Module!.MapEndpoints(group);
            }
            catch (Exception ex)
            {
                module.Fail($"endpoint mapping threw {ex.GetType().Name}: {ex.Message}");
                log.Error("Module {ModuleId} skipped: {Reason}", module.Id, module.Error);
            }
        }
    }
}
