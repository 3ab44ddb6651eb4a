using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

public sealed class DormantWarningTests(PostgresServer postgres)
{
    [Fact]
    public async Task On_Monday_each_owner_unit_hears_once_of_its_dormant_accounts()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 30, 0, TimeSpan.Zero)); // a Monday
        await using var host = await TestHost.StartAsync(postgres, ["directory", "account-matrix"], clock);
        var (_, countyEditor) = await CountyWithActiveAccountAsync(host, "沉睡的号");

        var login = (await countyEditor.GetFromJsonAsync<JsonElement>("/api/auth/me", TestContext.Current.CancellationToken)).GetProperty("login").GetString()!;
        clock.Advance(TimeSpan.FromHours(1)); // the hourly work runs (on the fake clock)
        await countyEditor.SignInAsync(login, "User#Pass-2026"); // the hour aged the token
        var unread = 0;
        for (var i = 0; i < 100 && unread == 0; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            unread = (await countyEditor.GetFromJsonAsync<JsonElement>("/api/notifications/unread-count", TestContext.Current.CancellationToken))
                .GetProperty("unread").GetInt32();
        }
        Assert.Equal(1, unread);

        clock.Advance(TimeSpan.FromHours(1)); // the same Monday again: no second warning
        await Task.Delay(500, TestContext.Current.CancellationToken);
        await countyEditor.SignInAsync(login, "User#Pass-2026");
        var inbox = await countyEditor.GetFromJsonAsync<JsonElement>("/api/notifications", TestContext.Current.CancellationToken);
        Assert.Equal(1, inbox.GetProperty("total").GetInt32());
        Assert.Contains("沉睡的号", inbox.GetProperty("items")[0].GetProperty("body").GetString());
    }

    [Fact]
    public async Task The_system_administrator_sends_the_weeks_warnings_on_demand_each_unit_told_once_however_many_ask_at_once()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero)); // Monday 10:00 in Beijing
        await using var host = await TestHost.StartAsync(postgres, ["directory", "account-matrix"], clock);
        var (city, countyEditor) = await CountyWithActiveAccountAsync(host, "久未更新的号");
        var cityAdmin = await host.ClientForAsync(city, "CityAdmin");

        // Only the system administrator runs it: the city's administrator may read dormant accounts, not send the warnings.
        Assert.Equal(HttpStatusCode.Forbidden, (await cityAdmin.PostAsync("/api/account-matrix/dormant/warnings/run", null)).StatusCode);
        var admins = new[] { host.Client, await host.ClientForAsync(city, "SystemAdmin") };
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => admins[i % 2].PostAsync("/api/account-matrix/dormant/warnings/run", null)));
        var told = 0;
        foreach (var run in runs)
            told += (await run.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("units").GetInt32();
        Assert.Equal(1, told);
        await host.OutboxDeliveredAsync();
        var inbox = await countyEditor.GetFromJsonAsync<JsonElement>("/api/notifications", TestContext.Current.CancellationToken);
        Assert.Equal(1, inbox.GetProperty("total").GetInt32());
        Assert.Contains("久未更新的号", inbox.GetProperty("items")[0].GetProperty("body").GetString());

        clock.Advance(TimeSpan.FromDays(1)); // Tuesday: the warnings are Monday's
        await host.Client.SignInAsync("admin", TestHost.AdminPassword); // the day aged the token
        Assert.Equal(0, (await (await host.Client.PostAsync("/api/account-matrix/dormant/warnings/run", null)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("units").GetInt32());
    }

    /// <summary>The city and 宁安市, whose editor registers the named account (never posted), activated by the city: the
    /// city's id and the county editor's client.</summary>
    private static async Task<(Guid City, HttpClient CountyEditor)> CountyWithActiveAccountAsync(TestHost host, string name)
    {
        var city = await Unit(host, "231000", "牡丹江市", "City", null);
        var county = await Unit(host, "231084", "宁安市", "County", city);
        var cityAdmin = await host.ClientForAsync(city, "CityAdmin");
        var countyEditor = await host.ClientForAsync(county, "Editor");
        var account = (await (await countyEditor.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name, platform = "Weibo", handle = name, category = "Service", ownerUnitId = county,
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var to in new[] { "Filed", "Active" })
            (await cityAdmin.PostAsJsonAsync($"/api/account-matrix/accounts/{account}/status", new { to })).EnsureSuccessStatusCode();
        return (city, countyEditor);
    }

    private static async Task<Guid> Unit(TestHost host, string code, string name, string level, Guid? parentId)
    {
        var response = await host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
