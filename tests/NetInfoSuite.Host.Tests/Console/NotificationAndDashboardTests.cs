using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Host.Tests.Security;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Console;

/// <summary>Modules tell people things through the Notify contract (here the probe plugin, from a real request),
/// and add cards to the home dashboard.</summary>
public sealed class NotificationAndDashboardTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    private HttpClient Admin => fixture.Host.Client;

    [Fact]
    public async Task A_notification_to_a_role_in_a_unit_reaches_exactly_its_enabled_holders_and_their_inboxes()
    {
        var street = await NewStreetAsync();
        var operator1 = await UserAsync(street, "GridOperator");
        var operator2 = await UserAsync(street, "GridOperator");
        var viewer = await UserAsync(street, "Viewer");
        var elsewhere = await UserAsync(fixture.Street, "GridOperator");
        var disabled = await UserAsync(street, "GridOperator");
        Assert.True((await Admin.PutAsJsonAsync($"/api/users/{disabled.Id}",
            new { name = "停用", orgUnitId = street, roles = new[] { "GridOperator" }, enabled = false })).IsSuccessStatusCode);

        var sent = await Admin.PostAsJsonAsync("/api/probe/notify", new
        {
            to = new { orgUnit = street, role = "GridOperator" },
            subject = new { zhCn = "任务逾期", en = "Task overdue" },
            body = new { zhCn = "反诈提醒未反馈", en = "The anti-fraud alert has no feedback" },
            link = "/grid-dispatch/tasks/1", kind = "task-overdue",
        });

        Assert.Equal(2, (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients").GetInt32());
        foreach (var (client, expected) in new[] { (operator1.Client, 1), (operator2.Client, 1), (viewer.Client, 0), (elsewhere.Client, 0) })
            Assert.Equal(expected, await UnreadAsync(client));
        var inbox = await operator1.Client.GetFromJsonAsync<JsonElement>("/api/notifications");
        var item = inbox.GetProperty("items")[0];
        Assert.Equal("任务逾期", item.GetProperty("subject").GetString());
        Assert.Equal("/grid-dispatch/tasks/1", item.GetProperty("link").GetString());

        // Only its recipient can mark it read.
        var id = item.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await operator2.Client.PostAsync($"/api/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await operator1.Client.PostAsync($"/api/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(0, await UnreadAsync(operator1.Client));
        Assert.Equal(1, await UnreadAsync(operator2.Client));
    }

    [Fact]
    public async Task A_notification_must_name_its_recipients_and_keep_its_link_inside_the_console()
    {
        var response = await Admin.PostAsJsonAsync("/api/probe/notify", new
        {
            to = new { },
            subject = new { zhCn = "", en = "" },
            body = new { zhCn = "正文", en = "Body" },
            link = "https://example.org/phish", kind = "test",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("to", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("link", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("subject.zhCn", out _), errors.ToString());
    }

    [Fact]
    public async Task The_inbox_page_shows_the_unread_count_and_opening_a_notification_follows_its_link()
    {
        var street = await NewStreetAsync();
        var user = await UserAsync(street, "Editor");
        await Admin.PostAsJsonAsync("/api/probe/notify", new
        {
            to = new { userId = user.Id }, subject = new { zhCn = "稿件待审", en = "Draft to review" },
            body = new { zhCn = "请审核", en = "Please review" }, link = "/directory", kind = "review",
        });
        var browser = new CookieClient(fixture.Host);
        await browser.SubmitForm("/sign-in", "sign-in", ("Input.Login", user.Login), ("Input.Password", "User#Pass-2026"));

        var inbox = await (await browser.Get("/inbox")).Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"badge\">1</span>", inbox);
        Assert.Contains("稿件待审", inbox);
        var notificationId = System.Text.RegularExpressions.Regex.Match(inbox, "name=\"open\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;

        var opened = await browser.SubmitForm("/inbox", "inbox", ("open", notificationId));
        Assert.Equal("/directory", opened.Headers.Location?.AbsolutePath);
        Assert.Equal(0, await UnreadAsync(user.Client));
    }

    [Fact]
    public async Task The_home_dashboard_shows_each_modules_cards_and_survives_a_broken_one()
    {
        var browser = new CookieClient(fixture.Host);
        await browser.SubmitForm("/sign-in", "sign-in", ("Input.Login", "admin"), ("Input.Password", TestHost.AdminPassword));

        var home = await (await browser.Get("/")).Content.ReadAsStringAsync();

        Assert.Contains("未读消息", home);   // the platform's own card
        Assert.Contains("组织机构", home);   // the directory's
        Assert.Contains("给 admin", home);   // the probe's, asked in the caller's scope
        Assert.Contains("href=\"/directory\"", home);
    }

    private async Task<Guid> NewStreetAsync()
    {
        var code = "231002" + Random.Shared.Next(100, 999) + Random.Shared.Next(10, 99);
        var response = await Admin.PostAsJsonAsync("/api/directory/units", new { code, name = "测试街道" + code, level = "Street", parentId = fixture.Dongan });
        response.EnsureSuccessStatusCode();
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private async Task<(Guid Id, string Login, HttpClient Client)> UserAsync(Guid unit, string role)
    {
        var client = await fixture.Host.ClientForAsync(unit, role);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        return (Guid.Parse(me.GetProperty("id").GetString()!), me.GetProperty("login").GetString()!, client);
    }

    private static async Task<int> UnreadAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/notifications/unread-count")).GetProperty("unread").GetInt32();
}
