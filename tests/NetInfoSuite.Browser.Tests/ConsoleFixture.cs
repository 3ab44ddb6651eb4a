using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Browser.Tests;

/// <summary>One real host process (with the real plugins from the build) and one headless Chromium, shared by
/// the console tests. The city and two counties exist from the start; 宁安市 (231084) has its local plugin.</summary>
public class ConsoleFixture(PostgresServer postgres) : IAsyncLifetime
{
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "netinfo-browser-" + Guid.NewGuid().ToString("N")[..8]);
    private IPlaywright _playwright = null!;

    public HostProcess Host { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string City { get; private set; } = "";
    public string Ningan { get; private set; } = "";
    public string Dongning { get; private set; } = "";
    public static string Screenshots { get; } = Path.Combine(RepoPaths.Root, "artifacts", "screenshots");
    /// <summary>Whether the host starts with the city and two counties; without them it is a first run.</summary>
    protected virtual bool WithUnits => true;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        Directory.CreateDirectory(Screenshots);
        Host = await HostProcess.StartAsync(_workDir, $"--ConnectionStrings:Marten={await postgres.CreateDatabaseAsync()}",
            $"--NetInfo:PluginsPath={RepoPaths.HostPlugins}", $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}");
        await Host.Client.SignInAsync("admin", TestHost.AdminPassword);
        if (WithUnits)
        {
            City = await CreateUnitAsync("231000", "牡丹江市", "City", null);
            Ningan = await CreateUnitAsync("231084", "宁安市", "County", City);
            Dongning = await CreateUnitAsync("231086", "东宁市", "County", City);
        }
        // CI runs the test projects side by side on two cores: an assertion may wait longer than the 5 s default.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<string> CreateUnitAsync(string code, string name, string level, string? parentId)
    {
        var response = await Host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A user with these roles in this unit; returns the login (password <see cref="UserPassword"/>).</summary>
    public async Task<string> CreateUserAsync(string unitId, params string[] roles)
    {
        var login = "u" + Guid.NewGuid().ToString("N")[..10];
        var response = await Host.Client.PostAsJsonAsync("/api/users",
            new { login, name = "测试用户", orgUnitId = unitId, roles, password = UserPassword, temporary = false });
        response.EnsureSuccessStatusCode();
        return login;
    }

    public const string UserPassword = "User#Pass-2026";

    /// <summary>A page in a fresh, signed-out browser context (phone-sized when asked).</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Host.Client.BaseAddress!.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = width, Height = height },
        });
        // A page's load event waits for every script and style; on CI's two busy cores (the host tests run beside
        // these) one navigation took over Playwright's 30 s default while the host was serving.
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh browser context (phone-sized when asked) signed in through the sign-in page.</summary>
    public async Task<IPage> SignedInPageAsync(string login, string password = UserPassword, int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("登录名").FillAsync(login);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        try
        {
            // Leaving the page is the sign-in. Only the address is polled: the home page's load events can lag on a
            // busy machine (CI runs the test projects side by side), and waiting for them failed runs whose home
            // page had already drawn.
            await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"), new() { Timeout = 60_000 });
        }
        catch (PlaywrightException)
        {
            await ScreenshotAsync(page, "sign-in-failed");
            throw new InvalidOperationException($"Sign-in as {login} did not leave the sign-in page: {await page.Locator("main").InnerTextAsync()}");
        }
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        // Null-safe: a fixture whose start failed half-way (no Chromium, say) must still stop its host process.
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Host is null) return;
        await Host.DisposeAsync();
        // The host's log beside the screenshots, for whoever reads a failed run.
        await File.WriteAllTextAsync(Path.Combine(Screenshots, "..", $"browser-host-{Guid.NewGuid():N}.log"), Host.Output);
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A host as installed: no unit and no user but the built-in administrator.</summary>
public sealed class EmptyConsoleFixture(PostgresServer postgres) : ConsoleFixture(postgres)
{
    protected override bool WithUnits => false;
}
