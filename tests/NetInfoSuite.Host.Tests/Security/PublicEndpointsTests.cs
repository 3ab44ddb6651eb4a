using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>What answers without signing in is an allow-list: a new anonymous endpoint or page fails this test until it
/// is added here on purpose. The netizen registry's public voting (issue 17) is the one module use without signing in.</summary>
public sealed class PublicEndpointsTests(WholeHost fixture) : IClassFixture<WholeHost>
{
    private static readonly string[] AllowList =
    [
        // Signing in, the console's language and error pages, operations' probes, the API's own documentation.
        "GET /api/auth/antiforgery", "POST /api/auth/refresh", "POST /api/auth/sign-in", "POST /api/auth/token",
        "GET /sign-in", "POST /sign-in", "POST /language", "GET /error/{Status:int}", "POST /error/{Status:int}",
        "GET /health/live", "GET /health/ready", "GET /api/modules",
        "GET /openapi/{documentName}.json", "GET /scalar/favicon.svg", "GET /scalar/scalar.aspnetcore.js", "GET /scalar/scalar.js", "GET /scalar/{documentName?}",
        // 最美好网民评选's public voting (ADR 0030): the page and its API, rate limited per address.
        "GET /vote/{Id:guid}", "POST /vote/{Id:guid}",
        "GET /api/netizen-registry/vote/{id:guid}", "POST /api/netizen-registry/vote/{id:guid}/code",
        "POST /api/netizen-registry/vote/{id:guid}/confirm", "POST /api/netizen-registry/vote/{id:guid}/ballots",
    ];

    private IReadOnlyList<string> Anonymous() => fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
        .Where(e => !e.Contains(" /_framework", StringComparison.Ordinal))
        .Distinct().Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Only_the_allow_listed_endpoints_answer_without_signing_in()
    {
        var actual = Anonymous();
        Assert.True(AllowList.Order(StringComparer.Ordinal).SequenceEqual(actual),
            $"anonymous endpoints not allow-listed: {string.Join(", ", actual.Except(AllowList))}; allow-listed but gone: {string.Join(", ", AllowList.Except(actual))}");
    }

    [Fact]
    public async Task The_public_voting_page_and_api_answer_without_signing_in_and_an_unknown_campaign_is_not_found()
    {
        var anonymous = fixture.Host.AnonymousClient;
        var page = await anonymous.GetAsync($"/vote/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.NotEqual("/sign-in", page.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/netizen-registry/vote/{Guid.NewGuid()}")).StatusCode);
        // Everything else of the registry still wants a signed-in caller.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/netizen-registry/selections")).StatusCode);
    }
}
