using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>The request pipeline as a client meets it, through the real directory plugin.</summary>
public sealed class PipelineTests(PostgresServer postgres) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await TestHost.StartAsync(postgres, ["directory"]);
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Invalid_input_is_a_400_listing_each_field_in_Chinese_and_English()
    {
        // Also guards against FluentValidation loaded twice (host and plugin): validators would then
        // silently not run and this would be a 201.
        var response = await _host.Client.PostAsJsonAsync("/api/directory/units", new { code = "", name = "", level = "City" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("不能为空", errors.GetProperty("code")[0].GetString());
        Assert.Contains("不能为空", errors.GetProperty("name")[0].GetString());
        var english = problem.GetProperty("localizedErrors").GetProperty("en");
        Assert.Equal("'code' must not be empty.", english.GetProperty("code")[0].GetString());
    }

    [Fact]
    public async Task Accept_Language_en_gets_the_errors_in_English()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directory/units")
            { Content = JsonContent.Create(new { code = "bad code!", name = "x", level = "City" }) };
        request.Headers.AcceptLanguage.ParseAdd("en");

        var problem = await (await _host.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("Invalid input", problem.GetProperty("title").GetString());
        Assert.StartsWith("A code may contain only", problem.GetProperty("errors").GetProperty("code")[0].GetString());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_the_field()
    {
        var response = await _host.Client.PostAsync("/api/directory/units",
            new StringContent("""{"code":"X1","name":"x","level":"Planet"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("level", out _));
    }

    [Fact]
    public async Task A_query_parameter_of_the_wrong_type_is_a_400_naming_the_parameter()
    {
        var response = await _host.Client.GetAsync("/api/directory/units?page=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("'abc' is not a valid value",
            problem.GetProperty("localizedErrors").GetProperty("en").GetProperty("page")[0].GetString());
    }

    [Fact]
    public async Task A_correlation_id_is_echoed_or_made_up()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/directory/units");
        request.Headers.Add("X-Correlation-Id", "abc-123");
        var echoed = await _host.Client.SendAsync(request);
        var made = await _host.Client.GetAsync("/api/directory/units");

        Assert.Equal("abc-123", echoed.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Matches("^[0-9a-f]{32}$", made.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task Health_and_the_OpenAPI_document_describe_the_running_host()
    {
        var live = await _host.Client.GetAsync("/health/live");
        var ready = await _host.Client.GetFromJsonAsync<JsonElement>("/health/ready");
        var openApi = await _host.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/directory/units", paths);
        Assert.Contains("/api/modules", paths);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/scalar/")).StatusCode);
    }
}
