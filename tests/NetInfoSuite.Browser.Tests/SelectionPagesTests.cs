using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetInfoSuite.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace NetInfoSuite.Browser.Tests;

/// <summary>最美好网民评选 in the browser: officers run a campaign's stages on its page at 1366 px (nominating with the
/// personality picker, reviewing as someone else, scoring as a juror), and a voter on a 375 px phone without signing in
/// asks for a code, reads it (here: from the log channel), confirms it and votes.</summary>
public sealed class SelectionPagesTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    private const string Api = "/api/netizen-registry";

    private async Task<HttpClient> ClientAsync(string login)
    {
        var client = new HttpClient { BaseAddress = console.Host.Client.BaseAddress };
        await client.SignInAsync(login, ConsoleFixture.UserPassword);
        return client;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<Guid> ProfileAsync(HttpClient client, string alias) =>
        (await Json(await client.PostAsJsonAsync($"{Api}/profiles", new
        {
            alias, field = "SelfMedia", unitId = console.Ningan, consent = "Consented", consentOn = "2026-11-01",
            platforms = new[] { new { platform = "Douyin", handle = alias + "_dy", followers = 50_000 } },
            contact = new { realName = "欧阳清风", mobile = $"139{Random.Shared.Next(10_000_000, 99_999_999)}" },
        }))).GetProperty("id").GetGuid();

    private async Task<Guid> CampaignAsync(HttpClient organiser, string name, string juror)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        return (await Json(await organiser.PostAsJsonAsync($"{Api}/selections", new
        {
            name, honourTitle = "宁安市最美好网民", unitId = console.Ningan, jurors = new[] { juror },
            voteFrom = today.AddDays(-1).ToString("yyyy-MM-dd"), voteTo = today.AddDays(2).ToString("yyyy-MM-dd"), winners = 1,
        }))).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Officers_nominate_review_and_score_on_the_campaigns_page_at_1366_px()
    {
        var organiserLogin = await console.CreateUserAsync(console.Ningan, "CountyAdmin");
        var editorLogin = await console.CreateUserAsync(console.Ningan, "Editor");
        var jurorLogin = await console.CreateUserAsync(console.Ningan, "Editor");
        using var organiser = await ClientAsync(organiserLogin);
        var alias = "牡丹江雪乡" + Random.Shared.Next(1000, 9999);
        await ProfileAsync(organiser, alias);
        var id = await CampaignAsync(organiser, "页面评选" + Random.Shared.Next(1000, 9999), jurorLogin);

        // The editor nominates with the picker.
        var editor = await console.SignedInPageAsync(editorLogin, width: 1366, height: 768);
        await editor.GotoAsync("/netizen-registry/selections");
        await editor.GetByRole(AriaRole.Link, new() { Name = "页面评选" }).First.ClickAsync();
        await Expect(editor.Locator("#stage")).ToHaveTextAsync("单位推荐");
        await editor.Locator("input[type=search][name='Nominate.Search']").FillAsync(alias);
        await editor.Locator("button[name='picker-search'][value='Nominate.Search']").ClickAsync();
        await editor.GetByLabel(alias).CheckAsync();
        await editor.GetByLabel("推荐事迹").FillAsync("拍摄雪乡短视频，传播家乡正能量");
        await editor.GetByRole(AriaRole.Button, new() { Name = "推荐", Exact = true }).ClickAsync();
        await Expect(editor.Locator("main")).ToContainTextAsync("拍摄雪乡短视频");
        await Expect(editor.Locator("main")).ToContainTextAsync("待审查");

        // The organiser moves it on and reviews (not the nominator); then moves it to scoring.
        var officer = await console.SignedInPageAsync(organiserLogin, width: 1366, height: 768);
        await officer.GotoAsync($"/netizen-registry/selections/{id}");
        await officer.Locator("#advance-form summary").ClickAsync();
        await officer.Locator("#advance-form button[type=submit]").ClickAsync();
        await Expect(officer.Locator("#stage")).ToHaveTextAsync("资格审查");
        await officer.GetByLabel("候选人").SelectOptionAsync(new SelectOptionValue { Label = $"{alias}（待审查）" });
        await officer.GetByLabel("理由").FillAsync("材料齐全，符合条件");
        await officer.GetByRole(AriaRole.Button, new() { Name = "提交审查结论" }).ClickAsync();
        await Expect(officer.Locator("main")).ToContainTextAsync("审查通过");
        await officer.Locator("#advance-form summary").ClickAsync();
        await officer.Locator("#advance-form button[type=submit]").ClickAsync();
        await Expect(officer.Locator("#stage")).ToHaveTextAsync("评委评分与网络投票");
        await Expect(officer.GetByRole(AriaRole.Link, new() { Name = "公开投票页" })).ToBeVisibleAsync();
        Assert.Equal(0, await officer.GetByText("我的评分").CountAsync()); // not a juror: no scoring form

        // The juror scores once; the form then says every candidate is scored.
        var juror = await console.SignedInPageAsync(jurorLogin, width: 1366, height: 768);
        await juror.GotoAsync($"/netizen-registry/selections/{id}");
        await juror.GetByLabel("评分（0–100）").FillAsync("92");
        await juror.GetByRole(AriaRole.Button, new() { Name = "提交评分" }).ClickAsync();
        await Expect(juror.Locator("#scored-all")).ToBeVisibleAsync();
        await Expect(juror.Locator(".my-scores")).ToContainTextAsync("92");
        var text = await juror.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("欧阳清风", text);
        Assert.DoesNotMatch(new Regex("[0-9a-f]{8}-[0-9a-f]{4}-"), text);
        Assert.DoesNotContain(jurorLogin, text);
        Assert.True(await juror.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the campaign page fits 1366 px");
        await ConsoleFixture.ScreenshotAsync(juror, "selection-scored-1366");
    }

    [Fact]
    public async Task A_voter_on_a_phone_asks_for_a_code_confirms_it_and_votes_without_signing_in()
    {
        var organiserLogin = await console.CreateUserAsync(console.Ningan, "CountyAdmin");
        var nominatorLogin = await console.CreateUserAsync(console.Ningan, "Editor");
        using var organiser = await ClientAsync(organiserLogin);
        using var nominator = await ClientAsync(nominatorLogin);
        var alias = "镜泊湖畔" + Random.Shared.Next(1000, 9999);
        var profile = await ProfileAsync(nominator, alias);
        var id = await CampaignAsync(organiser, "公开投票评选" + Random.Shared.Next(1000, 9999), organiserLogin);
        await Json(await nominator.PostAsJsonAsync($"{Api}/selections/{id}/nominations", new { profileId = profile, reason = "记录镜泊湖冬捕，作品阅读过百万" }));
        await Json(await organiser.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Qualification" }));
        var candidate = (await Json(await organiser.GetAsync($"{Api}/selections/{id}"))).GetProperty("candidates")[0].GetProperty("id").GetGuid();
        await Json(await organiser.PostAsJsonAsync($"{Api}/selections/{id}/reviews", new { candidateId = candidate, qualified = true, note = "符合条件" }));
        await Json(await organiser.PostAsJsonAsync($"{Api}/selections/{id}/stage", new { to = "Scoring" }));

        var phone = await console.NewPageAsync(375, 812);
        await phone.GotoAsync($"/vote/{id}");
        await Expect(phone.Locator("main")).ToContainTextAsync(alias);
        await Expect(phone.Locator("main")).ToContainTextAsync("记录镜泊湖冬捕");
        Assert.DoesNotContain("欧阳清风", await phone.ContentAsync());
        var mobile = $"1371234{Random.Shared.Next(1000, 9999)}";
        await phone.GetByLabel("手机号码").FillAsync(mobile);
        await phone.GetByRole(AriaRole.Button, new() { Name = "获取验证码" }).ClickAsync();
        var masked = $"{mobile[..3]}****{mobile[^4..]}";
        await Expect(phone.Locator("main")).ToContainTextAsync($"验证码已发送至 {masked}");
        Assert.DoesNotContain(mobile, await phone.ContentAsync());

        string? code = null;
        for (var i = 0; i < 100 && code is null; i++)
        {
            var found = Regex.Matches(console.Host.Output, $@"for {Regex.Escape(masked)}: .*?投票验证码 (\d{{6}})");
            if (found.Count > 0) code = found[^1].Groups[1].Value;
            else await Task.Delay(100);
        }
        Assert.NotNull(code);
        await phone.GetByLabel("验证码").FillAsync(code);
        await phone.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(phone.Locator("main")).ToContainTextAsync($"已验证手机号码 {masked}");
        await phone.GetByRole(AriaRole.Button, new() { Name = $"为「{alias}」投票" }).ClickAsync();
        await Expect(phone.Locator("#thanks")).ToContainTextAsync("感谢您的投票");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the voting page fits 375 px");
        await ConsoleFixture.ScreenshotAsync(phone, "vote-thanks-375");

        // Again today: refused in words.
        await phone.GetByRole(AriaRole.Button, new() { Name = $"为「{alias}」投票" }).ClickAsync();
        await Expect(phone.Locator("#vote-error")).ToContainTextAsync("今天已为该候选人投过票");
        var view = await Json(await organiser.GetAsync($"{Api}/selections/{id}"));
        Assert.Equal(1, view.GetProperty("candidates")[0].GetProperty("votes").GetInt64());
        await phone.Context.CloseAsync();
    }
}
