using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Host.Tests.Security;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Console;

/// <summary>The console's pages as a browser gets them: server-rendered HTML, forms with antiforgery.</summary>
public sealed class ConsolePageTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    private async Task<CookieClient> SignedInAdmin()
    {
        var browser = new CookieClient(fixture.Host);
        var response = await browser.SubmitForm("/sign-in", "sign-in", ("Input.Login", "admin"), ("Input.Password", TestHost.AdminPassword));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    [Fact]
    public async Task A_page_sends_a_stranger_to_the_sign_in_page_which_speaks_Chinese()
    {
        var browser = new CookieClient(fixture.Host);

        var home = await browser.Get("/users");
        var signIn = await (await browser.Get("/sign-in")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/sign-in", home.Headers.Location?.AbsolutePath);
        Assert.Contains("<label for=\"login\">登录名</label>", signIn);
        Assert.Contains("lang=\"zh-CN\"", signIn);
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_Chinese_page_with_its_correlation_id_for_a_browser_and_ProblemDetails_for_a_client()
    {
        var browser = await SignedInAdmin();

        var page = await browser.Navigate("/api/probe/boom");
        var html = await page.Content.ReadAsStringAsync();
        var api = await browser.Get("/api/probe/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>服务器出错</h1>", html);
        Assert.Contains($"<code class=\"correlation\">{page.Headers.GetValues("X-Correlation-Id").Single()}</code>", html);
        Assert.Contains("href=\"/\"", html); // a way back
        Assert.DoesNotContain("probe boom", html); // nothing of the bug's inside
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pages_carry_security_headers_with_a_policy_that_allows_no_inline_script()
    {
        var response = await new CookieClient(fixture.Host).Get("/sign-in");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_visitor_switches_the_console_to_English_and_back()
    {
        var browser = new CookieClient(fixture.Host);

        var switched = await browser.SubmitForm("/sign-in", "/language", "language", ("culture", "en"), ("returnUrl", "/sign-in"));
        var english = await (await browser.Get("/sign-in")).Content.ReadAsStringAsync();
        await browser.SubmitForm("/sign-in", "/language", "language", ("culture", "zh-CN"), ("returnUrl", "/sign-in"));
        var chinese = await (await browser.Get("/sign-in")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Contains("<label for=\"login\">Login</label>", english);
        Assert.Contains("lang=\"en\"", english);
        Assert.Contains("<label for=\"login\">登录名</label>", chinese);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_reason_on_the_form()
    {
        var browser = new CookieClient(fixture.Host);

        var response = await browser.SubmitForm("/sign-in", "sign-in", ("Input.Login", "admin"), ("Input.Password", "wrong"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("登录名或密码不正确", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_admin_lists_users_and_creates_one_with_errors_shown_beside_the_fields()
    {
        var browser = await SignedInAdmin();

        var list = await (await browser.Get("/users")).Content.ReadAsStringAsync();
        Assert.Contains(">admin</a>", list);

        var invalid = await browser.SubmitForm("/users/new", "user", ("Input.Login", "bad login!"), ("Input.Name", ""),
            ("Input.OrgUnitId", fixture.Dongan.ToString()), ("Input.Roles", "Editor"));
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("validation-message", invalidHtml);
        Assert.Contains("不能为空", invalidHtml);

        var created = await browser.SubmitForm("/users/new", "user", ("Input.Login", "page-user"), ("Input.Name", "页面用户"),
            ("Input.OrgUnitId", fixture.Dongan.ToString()), ("Input.Roles", "Editor"), ("Input.Roles", "Viewer"));
        var createdHtml = await created.Content.ReadAsStringAsync();
        Assert.Contains("已创建用户 page-user", createdHtml);
        Assert.Matches("class=\"otp\">[^<]{10,}<", createdHtml);
        var users = await fixture.Host.Client.GetStringAsync("/api/users?search=page-user");
        Assert.Contains("\"roles\":[\"Editor\",\"Viewer\"]", users);
    }

    [Fact]
    public async Task An_admin_opens_a_users_page_sees_the_user_and_saves_a_change()
    {
        var browser = await SignedInAdmin();
        var created = await fixture.Host.Client.PostAsJsonAsync("/api/users", new
        {
            login = "edit-me", name = "旧名字", orgUnitId = fixture.Dongan, roles = new[] { "Editor" }, password = "Edit#Me-2026", temporary = false,
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var page = await browser.Get($"/users/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("value=\"旧名字\"", await page.Content.ReadAsStringAsync());

        var saved = await browser.SubmitForm($"/users/{id}", "user", ("Input.Name", "新名字"), ("Input.OrgUnitId", fixture.Dongan.ToString()),
            ("Input.Roles", "Viewer"), ("Input.Enabled", "true"));
        Assert.Contains("已保存用户 edit-me", await saved.Content.ReadAsStringAsync());
        var user = await fixture.Host.Client.GetFromJsonAsync<JsonElement>($"/api/users/{id}");
        Assert.Equal("新名字", user.GetProperty("name").GetString());
        Assert.Equal(["Viewer"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToArray());
    }

    [Fact]
    public async Task A_viewer_cannot_open_the_users_pages()
    {
        var viewer = await fixture.Host.ClientForAsync(fixture.City, "Viewer");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/users")).StatusCode);
    }
}
