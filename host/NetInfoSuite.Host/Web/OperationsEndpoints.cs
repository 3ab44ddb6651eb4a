using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Plugins;
using Npgsql;

namespace NetInfoSuite.Host.Web;

/// <summary>What the IT department looks at: liveness, readiness, and which modules serve.</summary>
internal static class OperationsEndpoints
{
    public static void AddOperations(this IServiceCollection services, string connectionString)
    {
        services.AddHealthChecks()
            .AddCheck("database", new DatabaseCheck(connectionString), tags: ["ready"])
            .AddCheck<ModulesCheck>("modules", tags: ["ready"]);
    }

    public static void MapOperations(this WebApplication app)
    {
        // Load balancers and orchestrators ask these without signing in.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson })
            .WithTags("operations").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteJson })
            .WithTags("operations").AllowAnonymous();
        // Operational, like /health/ready, so open to everyone; a county's local plugins show only to that
        // county's users and to IT.
        // Which upgrade was refused and why is for IT only.
        app.MapGet("/api/modules", (Generations.PluginStatus status, ICaller caller) => status.Catalog.Modules
                .Where(m => m.Tenant is null || (caller.UserId is not null &&
                            (m.Tenant == caller.Tenant.Value || caller.Roles.Contains(Role.SystemAdmin))))
                .Select(m => Describe(m) with { RefusedUpgrade = caller.Roles.Contains(Role.SystemAdmin) ? m.RefusedUpgrade : null }))
            .WithTags("operations").WithSummary("Plugins found, loaded or refused, and why")
            .AllowAnonymous();
    }

    internal static ModuleDescription Describe(LoadedModule m) => new(
        m.Id,
        m.Manifest?.Name.ZhCn,
        m.Manifest?.Name.En,
        m.Manifest?.Version,
        m.Manifest?.Category,
        m.Manifest?.ContractsVersion,
        m.Manifest?.DependsOn ?? [],
        m.Status switch { ModuleStatus.Loaded => "loaded", ModuleStatus.Failed => "failed", _ => "not-selected" },
        m.Error, m.Tenant, m.Build?.ShortHash);

    private static Task WriteJson(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        }, JsonSerializerOptions.Web));
    }

    private sealed class DatabaseCheck(string connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await using var conn = new NpgsqlConnection(connectionString);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await conn.OpenAsync(timeout.Token);
                await using var cmd = new NpgsqlCommand("select 1", conn);
                await cmd.ExecuteScalarAsync(timeout.Token);
                return HealthCheckResult.Healthy("PostgreSQL reachable");
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL unreachable: " + ex.Message);
            }
        }
    }

    /// <summary>Degraded (still 200) when a plugin was refused: the rest serve. Anyone may ask, so a county's local
    /// plugins are counted, not named (they show only to that county, in /api/modules). A refused upgrade is not a
    /// failure (the earlier build serves); /api/modules says why it was refused.</summary>
    private sealed class ModulesCheck(Generations.PluginStatus status) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            var catalog = status.Catalog;
            var restart = status.RestartAdvised
                ? $"; {status.IdleBuilds} plugin builds no longer serving are held in memory: a rolling restart returns it" : "";
            var data = catalog.Modules.Where(m => m.Tenant is null).ToDictionary(m => m.Id,
                m => (object)(m.Status == ModuleStatus.Failed ? $"failed: {m.Error}" : Describe(m).Status));
            var local = catalog.Modules.Where(m => m.Tenant is not null).ToList();
            if (local.Count > 0)
                data["local-plugins"] = $"{local.Count(m => m.Status == ModuleStatus.Loaded)} loaded, {local.Count(m => m.Status == ModuleStatus.Failed)} failed";
            var failed = catalog.Modules.Count(m => m.Status == ModuleStatus.Failed);
            return Task.FromResult(failed == 0
                ? HealthCheckResult.Healthy($"{catalog.Loaded.Count()} modules loaded{restart}", data)
                : HealthCheckResult.Degraded($"{failed} module(s) failed{restart}", data: data));
        }
    }
}

public sealed record ModuleDescription(
    string Id, string? NameZhCn, string? NameEn, string? Version, string? Category, string? ContractsVersion,
    IReadOnlyList<string> DependsOn, string Status, string? Error, string? Tenant,
    /// <summary>The first 12 hex digits of the build's content hash: instances serving the same build show the same.</summary>
    string? Build = null,
    /// <summary>For system administrators: a newer build that was refused, and why.</summary>
    string? RefusedUpgrade = null);
