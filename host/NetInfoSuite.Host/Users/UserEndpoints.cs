using MediatR;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Users;

public sealed record UpdateUserBody(string Name, Guid OrgUnitId, IReadOnlyList<Role> Roles, bool Enabled, string? Phone = null);

internal static class UserEndpoints
{
    public static void MapUsers(this WebApplication app)
    {
        var users = app.MapGroup("/api/users").WithTags("users").RequirePermission(PermissionRegistry.ManageUsers);

        users.MapGet("/", async (string? search, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
            Results.Ok(await m.Send(new ListUsers(search, page ?? 1, pageSize ?? 50), ct)))
            .WithSummary("Users, a page at a time (a county admin sees its own subtree's)");
        users.MapGet("/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetUser(id), ct)))
            .WithSummary("One user");
        users.MapPost("/", async (CreateUser command, IMediator m, CancellationToken ct) =>
        {
            var created = await m.Send(command, ct);
            return Results.Created($"/api/users/{created.Id}", created);
        }).WithSummary("Create a user; without a password a one-time password is returned once");
        users.MapPut("/{id:guid}", async (Guid id, UpdateUserBody body, IMediator m, CancellationToken ct) =>
            Results.Ok(await m.Send(new UpdateUser(id, body.Name, body.OrgUnitId, body.Roles, body.Enabled, body.Phone), ct)))
            .WithSummary("Change a user's name, unit, roles or enabled flag");
        users.MapPost("/{id:guid}/reset-password", async (Guid id, IMediator m, CancellationToken ct) =>
            Results.Ok(await m.Send(new ResetPassword(id), ct)))
            .WithSummary("Give the user a new one-time password");
    }
}
