using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

public sealed class SignInTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    private async Task<string> NewUser(string role = "Viewer")
    {
        var login = "s" + Guid.NewGuid().ToString("N")[..10];
        var response = await fixture.Host.Client.PostAsJsonAsync("/api/users",
            new { login, name = "用户", orgUnitId = fixture.City, roles = new[] { role }, password = "Right#Pass-1", temporary = false });
        response.EnsureSuccessStatusCode();
        return login;
    }

    private Task<HttpResponseMessage> Token(string login, string password) =>
        fixture.Host.AnonymousClient.PostAsJsonAsync("/api/auth/token", new { login, password });

    [Fact]
    public async Task Five_wrong_passwords_lock_the_login_even_against_the_right_one()
    {
        var login = await NewUser();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await Token(login, "Wrong#Pass-" + i)).StatusCode);

        var right = await Token(login, "Right#Pass-1");

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked", (await right.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_revoked_token_and_its_refresh_token_stop_working()
    {
        var login = await NewUser();
        var pair = await (await Token(login, "Right#Pass-1")).Content.ReadFromJsonAsync<JsonElement>();
        var api = fixture.Host.AnonymousClient;
        var access = pair.GetProperty("accessToken").GetString();
        var refresh = pair.GetProperty("refreshToken").GetString();

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/auth/me", access)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Post, "/api/auth/revoke", access)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(HttpMethod.Get, "/api/auth/me", access)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh })).StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_gives_a_new_pair_once()
    {
        var login = await NewUser();
        var pair = await (await Token(login, "Right#Pass-1")).Content.ReadFromJsonAsync<JsonElement>();
        var refresh = pair.GetProperty("refreshToken").GetString();
        var api = fixture.Host.AnonymousClient;

        var renewed = await api.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh });
        var reused = await api.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh });

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var fresh = (await renewed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/auth/me", fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await Send(HttpMethod.Get, "/api/auth/me", pair.GetProperty("accessToken").GetString())).StatusCode);
    }

    [Fact]
    public async Task A_browser_post_without_the_antiforgery_token_is_refused()
    {
        var login = await NewUser("CityAdmin");
        var browser = new CookieClient(fixture.Host);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostJson("/api/auth/sign-in", new { login, password = "Right#Pass-1" })).StatusCode);
        var session = browser.LastSetCookies.Single(c => c.StartsWith("netinfo.session=", StringComparison.Ordinal));
        Assert.Contains("HttpOnly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SameSite=Strict", session, StringComparison.OrdinalIgnoreCase);

        var body = new { code = "231003", name = "西安区", level = "County", parentId = fixture.City };
        var without = await browser.PostJson("/api/directory/units", body);
        var token = await browser.AntiforgeryToken();
        var with = await browser.PostJson("/api/directory/units", body, token);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Contains("antiforgery", await without.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Get("/api/auth/me")).StatusCode);
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? token)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return fixture.Host.AnonymousClient.SendAsync(request);
    }
}
