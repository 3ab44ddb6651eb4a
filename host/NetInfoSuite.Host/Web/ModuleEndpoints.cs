using NetInfoSuite.Host.Plugins;

namespace NetInfoSuite.Host.Web;

internal static class ModuleEndpoints
{
    /// <summary>Each module maps its endpoints under /api/{id}. A module whose mapping throws is marked
    /// failed and whatever it mapped before throwing answers 503 instead of half-working.</summary>
    public static void MapModules(this WebApplication app, ModuleCatalog catalog, Serilog.ILogger log)
    {
        foreach (var module in catalog.Loaded.ToList())
        {
            var group = app.MapGroup($"/api/{module.Id}").WithTags(module.Id);
            group.AddEndpointFilter(async (context, next) => module.IsLoaded
                ? await next(context)
                : Results.Problem(statusCode: 503, type: "urn:netinfo:problem:module-unavailable",
                    title: "模块不可用 / Module unavailable", detail: $"{module.Id}: {module.Error}"));
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
