using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace NetInfoSuite.Testing;

/// <summary>What one endpoint did for a caller outside the subtree that holds the records: null when it kept them out
/// of reach, else what went wrong.</summary>
public delegate Task<string?> ScopeCase();

/// <summary>The scope sweep every module joins with one line, a test class deriving from it
/// (<c>public sealed class ScopeSweepTests(MyWorld world) : ScopeSweep("my-module"), IClassFixture&lt;MyWorld&gt;</c>),
/// whose cases store records in one unit's subtree and say what a caller outside it gets from each endpoint. The
/// endpoints are read from the running host: an endpoint without a case fails the sweep, so a new endpoint cannot
/// ship without its scope being tried. A record outside the caller's subtree answers 404 (or is left out of a list).</summary>
public abstract class ScopeSweep(string module)
{
    /// <summary>The running host with the module loaded.</summary>
    protected abstract TestHost Host { get; }

    /// <summary>Stores records in one unit's subtree and returns a case per endpoint, keyed "METHOD /route" relative to
    /// /api/&lt;module&gt; exactly as the route is mapped (e.g. "GET /accounts/{id:guid}").</summary>
    protected abstract Task<IReadOnlyDictionary<string, ScopeCase>> CasesAsync();

    /// <summary>Checks after every case ran (e.g. that nothing of the other unit changed).</summary>
    protected virtual Task AfterCasesAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_endpoint_keeps_records_outside_the_callers_subtree_out_of_reach()
    {
        var cases = await CasesAsync();
        var endpoints = Endpoints(Host, module);
        Assert.NotEmpty(endpoints);
        Assert.Empty(endpoints.Except(cases.Keys).Select(e => $"{e}: no scope case"));     // every endpoint has its case
        Assert.Empty(cases.Keys.Except(endpoints).Select(e => $"{e}: no such endpoint"));   // and every case an endpoint

        var failures = new List<string>();
        foreach (var (endpoint, check) in cases.OrderBy(c => c.Key, StringComparer.Ordinal))
            if (await check() is { } failure) failures.Add($"{endpoint}: {failure}");
        Assert.Empty(failures);
        await AfterCasesAsync();
    }

    /// <summary>The module's endpoints in the running host, as "METHOD /route" under /api/&lt;module&gt;.</summary>
    public static IReadOnlySet<string> Endpoints(TestHost host, string module)
    {
        var prefix = $"/api/{module}";
        return host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(prefix + "/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} {e.RoutePattern.RawText![prefix.Length..]}"))
            .ToHashSet();
    }
}

/// <summary>The ways a case asks as the outsider: <paramref name="outsider"/> is a client signed in outside the
/// subtree that holds the records; <paramref name="secrets"/> are texts and ids of those records that must not show.</summary>
public sealed class ScopeProbe(HttpClient outsider, params string[] secrets)
{
    public HttpClient Outsider => outsider;

    /// <summary>A list or figure that answers 2xx without any of the records.</summary>
    public ScopeCase Hidden(string url) => async () => await ShowsAsync(await outsider.GetAsync(url));

    /// <summary>A request about one of the records: 404, as if it did not exist.</summary>
    public ScopeCase Missing(HttpMethod method, string url, object? body = null) => Answers(HttpStatusCode.NotFound, method, url, body);

    /// <summary>A change naming one of the records in its body: 400 (the field names it as unknown).</summary>
    public ScopeCase Refused(HttpMethod method, string url, object body) => Answers(HttpStatusCode.BadRequest, method, url, body);

    /// <summary>Any request whose right answer is this status (e.g. 403 for a city-only list).</summary>
    public ScopeCase Answers(HttpStatusCode expected, HttpMethod method, string url, object? body = null) => async () =>
        Status(await outsider.SendAsync(new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) }), expected);

    /// <summary>Null when the answer is a success that shows none of the records, else what went wrong.</summary>
    public async Task<string?> ShowsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return !response.IsSuccessStatusCode ? $"answered {(int)response.StatusCode}: {body}"
            : secrets.FirstOrDefault(s => body.Contains(s, StringComparison.Ordinal)) is { } shown ? $"shows the other unit's record ({shown})" : null;
    }

    public static string? Status(HttpResponseMessage response, HttpStatusCode expected) =>
        response.StatusCode == expected ? null : $"answered {(int)response.StatusCode}, not {(int)expected}";
}
