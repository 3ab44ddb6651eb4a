using Microsoft.AspNetCore.Builder;

namespace NetInfoSuite.Contracts.Security;

public static class EndpointPermissions
{
    /// <summary>The authorization policy name the host resolves for a permission.</summary>
    public static string Policy(string permission) => "perm:" + permission;

    /// <summary>The endpoint needs a signed-in user holding <paramref name="permission"/> (403 otherwise).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy(permission));
}
