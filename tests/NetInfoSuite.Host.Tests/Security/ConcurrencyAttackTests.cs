using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>A host with its own clock, so a test can step past the refresh tokens' reuse grace.</summary>
public sealed class ClockedHost(PostgresServer postgres) : SecuredHost(postgres)
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    protected override TimeProvider? Clock => Time;
}

/// <summary>Counts that guard something, attacked with parallel requests (issue 14): sign-ins against the
/// lock-out, refreshes of one refresh token, password guesses from a stolen session, password resets.</summary>
public sealed class ConcurrencyAttackTests(ClockedHost fixture) : IClassFixture<ClockedHost>
{
    private const string Right = "Right#Pass-1";

    private async Task<(string Login, Guid Id)> NewUser(string role = "Viewer")
    {
        var login = "c" + Guid.NewGuid().ToString("N")[..10];
        var response = await fixture.Host.Client.PostAsJsonAsync("/api/users",
            new { login, name = "用户", orgUnitId = fixture.City, roles = new[] { role }, password = Right, temporary = false });
        response.EnsureSuccessStatusCode();
        return (login, Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!));
    }

    private async Task<(HttpStatusCode Status, string Body)> Token(string login, string password)
    {
        var response = await fixture.Host.NewClient().PostAsJsonAsync("/api/auth/token", new { login, password });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static bool Locked(string body) => body.Contains("locked", StringComparison.Ordinal);

    [Fact]
    public async Task Forty_parallel_sign_ins_have_exactly_the_limit_checked_then_the_login_is_locked()
    {
        var (login, _) = await NewUser();
        var passwords = Enumerable.Range(0, 39).Select(i => "Wrong#Pass-" + i).Append(Right).ToList();

        var answers = await Task.WhenAll(passwords.Select(p => Token(login, p)));

        var wrongChecked = answers.Count(a => a.Status == HttpStatusCode.BadRequest && !Locked(a.Body));
        var accepted = answers.Count(a => a.Status == HttpStatusCode.OK);
        var locked = answers.Count(a => Locked(a.Body));
        SecurityFigures.Write($"40-way sign-in: {wrongChecked} wrong passwords checked, {accepted} accepted, {locked} refused as locked (limit {SignInService.MaxFailuresPerLogin})");
        Assert.Equal(SignInService.MaxFailuresPerLogin, wrongChecked);
        Assert.Equal(40, wrongChecked + accepted + locked);
        Assert.True(Locked((await Token(login, Right)).Body));
    }

    [Fact]
    public async Task Ten_parallel_refreshes_of_one_token_leave_one_live_sign_in_and_a_later_reuse_ends_it()
    {
        var (login, _) = await NewUser();
        var pair = JsonDocument.Parse((await Token(login, Right)).Body).RootElement;
        var refresh = pair.GetProperty("refreshToken").GetString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
            await fixture.Host.NewClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh })));

        var won = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(won);
        Assert.Equal(9, answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest));
        var fresh = await won[0].Content.ReadFromJsonAsync<JsonElement>();
        var access = fresh.GetProperty("accessToken").GetString();
        Assert.Equal(HttpStatusCode.OK, await Me(access));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(pair.GetProperty("accessToken").GetString()));

        // Presented again later, the old refresh token is taken as stolen: the whole sign-in ends.
        fixture.Time.Advance(TokenService.ReuseGrace + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.BadRequest,
            (await fixture.Host.NewClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(access));
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Host.NewClient().PostAsJsonAsync("/api/auth/refresh",
            new { refreshToken = fresh.GetProperty("refreshToken").GetString() })).StatusCode);
    }

    [Fact]
    public async Task A_stolen_session_cannot_guess_the_current_password_without_limit_and_each_guess_is_audited()
    {
        var (login, _) = await NewUser();
        var stolen = fixture.Host.NewClient();
        await stolen.SignInAsync(login, Right);

        // A weak new password is refused the same way whether the guess is right or wrong.
        var weakRight = await stolen.PostAsJsonAsync("/api/auth/password", new { currentPassword = Right, newPassword = "weak" });
        var weakWrong = await stolen.PostAsJsonAsync("/api/auth/password", new { currentPassword = "Wrong#Pass-0", newPassword = "weak" });
        Assert.Equal(await Field(weakRight), await Field(weakWrong));

        var guesses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            stolen.PostAsJsonAsync("/api/auth/password", new { currentPassword = "Wrong#Pass-" + i, newPassword = "New#Strong-Pass-9" })));
        Assert.All(guesses, g => Assert.Equal(HttpStatusCode.BadRequest, g.StatusCode));
        var checkedGuesses = 0;
        foreach (var g in guesses) if (!Locked(await g.Content.ReadAsStringAsync())) checkedGuesses++;
        Assert.Equal(SignInService.MaxFailuresPerLogin, checkedGuesses);

        // Now even the right password is refused: the login is locked.
        var right = await stolen.PostAsJsonAsync("/api/auth/password", new { currentPassword = Right, newPassword = "New#Strong-Pass-9" });
        Assert.True(Locked(await right.Content.ReadAsStringAsync()));

        var audit = await fixture.Host.Client.GetFromJsonAsync<JsonElement>($"/api/audit?action=ChangePassword&login={login}&pageSize=100");
        var records = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(23, records.Count);
        Assert.All(records, r => Assert.Equal("Rejected", r.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Parallel_password_resets_leave_exactly_one_working_password()
    {
        var (login, id) = await NewUser();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            fixture.Host.Client.PostAsync($"/api/users/{id}/reset-password", null)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var passwords = new List<string>();
        foreach (var a in answers) passwords.Add((await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!);

        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var user = (await session.LoadAsync<PlatformUser>(id))!;
        Assert.Single(passwords, p => SignInService.Verify(user, p));
        Assert.Equal(HttpStatusCode.OK, (await Token(login, passwords.Single(p => SignInService.Verify(user, p)))).Status);
    }

    [Fact]
    public async Task Sign_out_ends_the_cookie_on_every_instance()
    {
        var (login, _) = await NewUser();
        var browser = new CookieClient(fixture.Host);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostJson("/api/auth/sign-in", new { login, password = Right })).StatusCode);
        var cookie = browser.LastSetCookies.Single(c => c.StartsWith("netinfo.session=", StringComparison.Ordinal)).Split(';')[0];
        await using var other = await TestHost.StartOnAsync(fixture.Host.ConnectionString, ["directory", "probe"]);
        Assert.Equal(HttpStatusCode.OK, await WithCookie(other, cookie));

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostJson("/api/auth/sign-out", new { }, await browser.AntiforgeryToken())).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookie(fixture.Host, cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookie(other, cookie));
    }

    private static async Task<HttpStatusCode> WithCookie(TestHost host, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", cookie);
        return (await host.NewClient().SendAsync(request)).StatusCode;
    }

    private async Task<HttpStatusCode> Me(string? access)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        return (await fixture.Host.NewClient().SendAsync(request)).StatusCode;
    }

    /// <summary>The refusal's fields and messages.</summary>
    private static async Task<string> Field(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetRawText();
}
