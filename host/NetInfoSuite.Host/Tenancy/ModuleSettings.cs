using FluentValidation;
using Marten;
using MediatR;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Tenancy;

/// <summary>Replaces the ordered rules of which tenants may use which modules.</summary>
[RequiresPermission(PermissionRegistry.ManageModuleRules)]
public sealed record SetModuleRules(IReadOnlyList<ModuleRule> Rules) : ICommand<IReadOnlyList<ModuleRule>>;

internal sealed class SetModuleRulesValidator : AbstractValidator<SetModuleRules>
{
    public SetModuleRulesValidator()
    {
        RuleFor(x => x.Rules).NotNull();
        RuleForEach(x => x.Rules).ChildRules(rule =>
        {
            rule.RuleFor(r => r.Effect).IsInEnum();
            rule.RuleFor(r => r.Tenants).NotEmpty();
            rule.RuleFor(r => r.Modules).NotEmpty();
        });
    }
}

internal sealed class SetModuleRulesHandler(IDocumentStore store, ModuleAccess access)
    : IRequestHandler<SetModuleRules, IReadOnlyList<ModuleRule>>
{
    public async Task<IReadOnlyList<ModuleRule>> Handle(SetModuleRules command, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(new ModuleAccessRules { Rules = command.Rules.ToList() });
        await session.SaveChangesAsync(ct);
        await access.RefreshAsync(ct);
        return command.Rules;
    }
}

[RequiresPermission(PermissionRegistry.ManageModuleRules)]
public sealed record GetModuleRules : IRequest<IReadOnlyList<ModuleRule>>;

internal sealed class GetModuleRulesHandler(IDocumentStore store) : IRequestHandler<GetModuleRules, IReadOnlyList<ModuleRule>>
{
    public async Task<IReadOnlyList<ModuleRule>> Handle(GetModuleRules request, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<ModuleAccessRules>(ModuleAccessRules.DocumentId, ct))?.Rules ?? [];
    }
}

public sealed record TenantModuleView(string Id, string? NameZhCn, string? NameEn, bool Platform, bool Allowed, bool Enabled);

/// <summary>The modules of a tenant (the caller's own unless a city-level caller names another).</summary>
[RequiresPermission(PermissionRegistry.ConfigureModules)]
public sealed record GetTenantModules(string? Tenant) : IRequest<IReadOnlyList<TenantModuleView>>;

internal sealed class GetTenantModulesHandler(ModuleCatalog catalog, ModuleAccess access, ICaller caller)
    : IRequestHandler<GetTenantModules, IReadOnlyList<TenantModuleView>>
{
    public Task<IReadOnlyList<TenantModuleView>> Handle(GetTenantModules request, CancellationToken ct)
    {
        var tenant = TenantModuleRules.TenantFor(caller, request.Tenant);
        IReadOnlyList<TenantModuleView> modules = catalog.Loaded.Where(m => access.IsVisible(tenant, m.Id)).Select(m => new TenantModuleView(m.Id, m.Manifest!.Name.ZhCn,
            m.Manifest.Name.En, access.IsPlatform(m.Id), access.IsAllowed(tenant, m.Id), access.IsActive(tenant, m.Id))).ToList();
        return Task.FromResult(modules);
    }
}

/// <summary>A tenant switches one of its allowed modules on or off; effective on every instance within seconds.</summary>
[RequiresPermission(PermissionRegistry.ConfigureModules)]
public sealed record SetModuleEnabled(string Id, bool Enabled, string? Tenant = null) : ICommand<TenantModuleView>;

internal sealed class SetModuleEnabledHandler(IDocumentStore store, ModuleCatalog catalog, ModuleAccess access, ICaller caller)
    : IRequestHandler<SetModuleEnabled, TenantModuleView>
{
    public async Task<TenantModuleView> Handle(SetModuleEnabled command, CancellationToken ct)
    {
        var tenant = TenantModuleRules.TenantFor(caller, command.Tenant);
        var module = catalog.Loaded.FirstOrDefault(m => m.Id == command.Id && access.IsVisible(tenant, m.Id))
            ?? throw new NotFoundException("module", command.Id);
        if (access.IsPlatform(module.Id))
            throw new RuleViolationException("id", $"{module.Id} 是平台模块，不能停用", $"{module.Id} is a platform module and cannot be switched off");
        if (command.Enabled && !access.IsAllowed(tenant, module.Id))
            throw new RuleViolationException("id", $"系统管理员未允许本租户使用 {module.Id}",
                $"The system administrator has not allowed this tenant to use {module.Id}");

        await using var session = store.LightweightSession();
        var settings = await session.LoadAsync<TenantModules>(tenant, ct) ?? new TenantModules { Id = tenant };
        settings.Disabled.Remove(module.Id);
        if (!command.Enabled) settings.Disabled.Add(module.Id);
        session.Store(settings);
        await session.SaveChangesAsync(ct);
        await access.RefreshAsync(ct);
        return new TenantModuleView(module.Id, module.Manifest!.Name.ZhCn, module.Manifest.Name.En, false,
            access.IsAllowed(tenant, module.Id), access.IsActive(tenant, module.Id));
    }
}

internal static class TenantModuleRules
{
    /// <summary>A county works on its own tenant only; naming another one answers 404 as if it did not exist.</summary>
    public static string TenantFor(ICaller caller, string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested) || requested == caller.Tenant.Value) return caller.Tenant.Value;
        return caller.IsCityWide ? requested.Trim() : throw new NotFoundException("tenant", requested);
    }
}

public sealed record ModuleEnabledBody(bool Enabled, string? Tenant);

internal static class ModuleSettingsEndpoints
{
    public static void MapModuleSettings(this WebApplication app)
    {
        var group = app.MapGroup("/api/tenancy").WithTags("tenancy");
        group.MapGet("/rules", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetModuleRules(), ct)))
            .RequirePermission(PermissionRegistry.ManageModuleRules).WithSummary("The ordered rules of which tenants may use which modules");
        group.MapPut("/rules", async (SetModuleRules command, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(command, ct)))
            .RequirePermission(PermissionRegistry.ManageModuleRules).WithSummary("Replace the rules (later rules override earlier ones)");
        group.MapGet("/modules", async (string? tenant, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new GetTenantModules(tenant), ct)))
            .RequirePermission(PermissionRegistry.ConfigureModules).WithSummary("The tenant's modules: allowed, enabled");
        group.MapPut("/modules/{id}", async (string id, ModuleEnabledBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new SetModuleEnabled(id, body.Enabled, body.Tenant), ct)))
            .RequirePermission(PermissionRegistry.ConfigureModules).WithSummary("Switch one of the tenant's allowed modules on or off");
    }
}
