using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NetInfoSuite.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>The console driven in headless Chromium against the host running as its own process.</summary>
public sealed class ConsoleInBrowserTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "netinfo-browser-" + Guid.NewGuid().ToString("N")[..8]);
    private HostProcess _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        _host = await HostProcess.StartAsync(_workDir, $"--ConnectionStrings:Marten={await postgres.CreateDatabaseAsync()}",
            $"--NetInfo:PluginsPath={RepoPaths.HostPlugins}", $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}");
        await _host.Client.SignInAsync("admin", TestHost.AdminPassword);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    [Fact]
    public async Task On_a_phone_an_administrator_signs_in_and_creates_a_user_seeing_errors_beside_the_fields()
    {
        var city = await CreateUnit(new { code = "231000", name = "牡丹江市", level = "City" });
        var county = await CreateUnit(new { code = "231084", name = "宁安市", level = "County", parentId = city });
        await using var context = await _browser.NewContextAsync(new()
        {
            BaseURL = _host.Client.BaseAddress!.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 375, Height = 812 },
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/users");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await page.GetByLabel("登录名").FillAsync("admin");
        await page.GetByLabel("密码").FillAsync(TestHost.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "用户管理" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "新建用户" }).ClickAsync();
        await page.GetByLabel("登录名").FillAsync("bad login!");
        await page.GetByLabel("所属单位（编号）").FillAsync(county);
        await page.GetByLabel("Editor").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator(".validation-message")).ToContainTextAsync(["格式不正确", "不能为空"]);

        await page.GetByLabel("登录名").FillAsync("ningan-editor");
        await page.GetByLabel("姓名").FillAsync("宁安编辑");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已创建用户 ningan-editor");

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            "the page fits a 375 px screen without sideways scrolling");
        var shots = Path.Combine(RepoPaths.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(shots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "user-created-375.png"), FullPage = true });
    }

    private async Task<string> CreateUnit(object unit)
    {
        var response = await _host.Client.PostAsJsonAsync("/api/directory/units", unit);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { }
    }
}
