using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>Every endpoint the running host exposes (its own and every loaded plugin's, found at run time,
/// so later modules are covered without touching this test) called by every role.</summary>
public sealed class EndpointRoleMatrixTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    private sealed record Endpoint(string Method, string Route, string? Permission, bool Anonymous, bool TakesForm);

    private List<Endpoint> Endpoints() => fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            .Select(method => new Endpoint(method, e.RoutePattern.RawText ?? "",
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy)
                    .FirstOrDefault(p => p?.StartsWith("perm:", StringComparison.Ordinal) == true)?["perm:".Length..],
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes
                    .Contains("multipart/form-data") == true)))
        // API documentation and Blazor's own plumbing are the framework's, not ours.
        .Where(e => !e.Route.StartsWith("/scalar", StringComparison.Ordinal) && !e.Route.StartsWith("/openapi", StringComparison.Ordinal)
                    && !e.Route.StartsWith("/_framework", StringComparison.Ordinal))
        .ToList();

    [Fact]
    public void Every_endpoint_declares_a_permission_or_is_explicitly_anonymous()
    {
        var endpoints = Endpoints();
        Assert.Contains(endpoints, e => e.Route.StartsWith("/api/directory", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.Route.StartsWith("/api/probe", StringComparison.Ordinal));
        Assert.Empty(endpoints.Where(e => e.Permission is null && !e.Anonymous).Select(e => $"{e.Method} {e.Route}"));
    }

    [Fact]
    public async Task Without_signing_in_only_anonymous_endpoints_answer()
    {
        // The API answers 401; a console page sends the browser to the sign-in page.
        foreach (var e in Endpoints().Where(e => !e.Anonymous))
        {
            var response = await Call(fixture.Host.AnonymousClient, e);
            var refused = e.Route.StartsWith("/api", StringComparison.Ordinal)
                ? response.StatusCode == HttpStatusCode.Unauthorized
                : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/sign-in";
            Assert.True(refused, $"{e.Method} {e.Route} answered {(int)response.StatusCode} to nobody");
        }
    }

    [Fact]
    public async Task Each_role_reaches_exactly_the_endpoints_its_permissions_allow()
    {
        var registry = fixture.Host.Services.GetRequiredService<PermissionRegistry>();
        // Revoking ends the client's own token: it goes last.
        var endpoints = Endpoints().Where(e => !e.Anonymous).OrderBy(e => e.Route.EndsWith("/revoke", StringComparison.Ordinal)).ToList();
        var failures = new List<string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var client = await fixture.Host.ClientForAsync(fixture.City, role.ToString());
            foreach (var e in endpoints)
            {
                var allowed = registry.Grants([role], e.Permission!);
                var status = (await Call(client, e)).StatusCode;
                var denied = status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
                if (allowed == denied) failures.Add($"{role} {e.Method} {e.Route}: expected {(allowed ? "allowed" : "403")}, got {(int)status}");
            }
        }
        SecurityFigures.Write($"role matrix: {endpoints.Count} operations tried per role, {Enum.GetValues<Role>().Length} roles, {failures.Count} wrong answers");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static Task<HttpResponseMessage> Call(HttpClient client, Endpoint e)
    {
        var url = System.Text.RegularExpressions.Regex.Replace(e.Route, @"\{(\w+)(:guid)?\}",
            m => m.Groups[2].Success ? Guid.NewGuid().ToString() : "x");
        var request = new HttpRequestMessage(new HttpMethod(e.Method), url);
        if (e.Method is "POST" or "PUT" or "PATCH")
            request.Content = e.TakesForm ? new MultipartFormDataContent()
                : new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }
}
