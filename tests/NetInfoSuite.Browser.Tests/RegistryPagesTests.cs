using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NetInfoSuite.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>The netizen registry as its people use it: an editor sees a personality masked; a registry officer on a
/// 375 px phone (and at 1366 px) opens the reveal dialog, is asked for the purpose, and only then sees the record in full.</summary>
public sealed class RegistryPagesTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Theory]
    [InlineData(375, 812)]
    [InlineData(1366, 768)]
    public async Task A_registry_officer_reveals_a_record_only_after_giving_a_purpose_and_the_page_fits_the_screen(int width, int height)
    {
        var editorLogin = await console.CreateUserAsync(console.Ningan, "Editor");
        using var editor = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await editor.SignInAsync(editorLogin, ConsoleFixture.UserPassword);
        var mobile = $"139{Random.Shared.Next(10_000_000, 99_999_999)}";
        var created = await editor.PostAsJsonAsync("/api/netizen-registry/profiles", new
        {
            alias = $"雪乡阿峰{width}", field = "Streamer", unitId = console.Ningan, consent = "Consented", consentOn = "2026-11-01",
            platforms = new[] { new { platform = "Kuaishou", handle = $"xuexiang{width}", followers = 320_000 } },
            contact = new { realName = "欧阳明月", mobile },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var masked = $"{mobile[..3]}****{mobile[^4..]}";

        var editorPage = await console.SignedInPageAsync(editorLogin, width: width, height: height);
        await editorPage.GotoAsync($"/netizen-registry/profiles/{id}");
        await Expect(editorPage.GetByText(masked)).ToBeVisibleAsync();
        Assert.Equal(0, await editorPage.GetByText("查看完整信息").CountAsync()); // an editor cannot reveal

        var officer = await console.SignedInPageAsync(await console.CreateUserAsync(console.Ningan, "RegistryOfficer"), width: width, height: height);
        await officer.GotoAsync($"/netizen-registry/profiles/{id}");
        await Expect(officer.GetByText("欧***")).ToBeVisibleAsync();
        Assert.Equal(0, await officer.GetByText(mobile).CountAsync());
        await officer.GetByText("查看完整信息", new() { Exact = true }).ClickAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "确认查看" }).ClickAsync();
        await Expect(officer.Locator(".field:has(#purpose) .validation-message")).ToContainTextAsync("查看目的");
        Assert.Equal(0, await officer.GetByText(mobile).CountAsync()); // refused: still masked
        await ConsoleFixture.ScreenshotAsync(officer, $"registry-reveal-purpose-{width}");

        await officer.GetByLabel("查看目的").FillAsync("邀请参加网络人士座谈会");
        await officer.GetByRole(AriaRole.Button, new() { Name = "确认查看" }).ClickAsync();
        await Expect(officer.GetByText(mobile)).ToBeVisibleAsync();
        await Expect(officer.GetByText("欧阳明月")).ToBeVisibleAsync();
        await Expect(officer.Locator("main")).ToContainTextAsync("邀请参加网络人士座谈会"); // in the processing records below
        Assert.True(await officer.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"the profile page fits {width} px");
        await ConsoleFixture.ScreenshotAsync(officer, $"registry-revealed-{width}");

        await officer.GotoAsync($"/netizen-registry/profiles/{id}"); // leaving the page masks it again
        Assert.Equal(0, await officer.GetByText(mobile).CountAsync());
    }
}
