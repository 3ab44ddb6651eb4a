using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>A host with inspection and the modules feeding it, on a fake clock (1 June 2026, 10:00 Beijing time), and a
/// small city: 牡丹江市 → 宁安市 (street 宁安一街, 宁安二街) and 东宁市. The city's inspector runs the plans.</summary>
public class InspectionWorld(PostgresServer postgres) : IAsyncLifetime
{
    protected virtual string[] Plugins => ["directory", "inspection", "account-matrix", "compliance"];

    /// <summary>More settings of the test host.</summary>
    protected virtual (string Key, string Value)[] Settings => [];

    private FakeTimeProvider? _clock;
    public FakeTimeProvider Clock => _clock ??= new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
    public TestHost Host { get; private set; } = null!;
    public Guid City, CountyA, CountyB, StreetA1, StreetA2;
    public (HttpClient Client, string Login) Inspector, CityAdmin, CountyAdminA, CountyAdminB, EditorA;

    public virtual async ValueTask InitializeAsync()
    {
        Host = await TestHost.StartAsync(postgres, Plugins, Clock, Settings);
        City = await Unit("231000", "牡丹江市", "City", null);
        CountyA = await Unit("231084", "宁安市", "County", City);
        CountyB = await Unit("231086", "东宁市", "County", City);
        StreetA1 = await Unit("231084001", "宁安一街", "Street", CountyA);
        StreetA2 = await Unit("231084002", "宁安二街", "Street", CountyA);
        Inspector = await UserAsync(City, "Inspector");
        CityAdmin = await UserAsync(City, "CityAdmin");
        CountyAdminA = await UserAsync(CountyA, "CountyAdmin");
        CountyAdminB = await UserAsync(CountyB, "CountyAdmin");
        EditorA = await UserAsync(CountyA, "Editor");
    }

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().AddHours(8).DateTime);

    /// <summary>A user's client signed in afresh: the fake clock may have aged its token.</summary>
    public static async Task<HttpClient> FreshAsync((HttpClient Client, string Login) user)
    {
        await user.Client.SignInAsync(user.Login, "User#Pass-2026");
        return user.Client;
    }

    public async Task<(HttpClient Client, string Login)> UserAsync(Guid unit, params string[] roles)
    {
        await Host.Client.SignInAsync("admin", TestHost.AdminPassword);
        var client = await Host.ClientForAsync(unit, roles);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        return (client, me.GetProperty("login").GetString()!);
    }

    /// <summary>Sends and answers the body, failing with the server's words on anything but success.</summary>
    public static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A plan of the caller's unit for 2026 (empty, or from a template); answers its id.</summary>
    public static async Task<Guid> PlanAsync(HttpClient client, string name, string? template = null, int year = 2026) =>
        (await Ok(client.PostAsJsonAsync("/api/inspection/plans", new { name, year, template }))).GetProperty("id").GetGuid();

    /// <summary>Adds an indicator and answers its id (the last one in the plan's tree of that name).</summary>
    public static async Task<Guid> IndicatorAsync(HttpClient client, Guid plan, string name, double points, string method, string? source = null,
        double parameter = 0, Guid? parent = null)
    {
        var view = await Ok(client.PostAsJsonAsync($"/api/inspection/plans/{plan}/indicators", new { parent, name, points, method, source, parameter }));
        return view.GetProperty("indicators").EnumerateArray().Last(i => i.GetProperty("name").GetString() == name).GetProperty("id").GetGuid();
    }

    public static Task<JsonElement> GroupAsync(HttpClient client, Guid plan, string name, params Guid[] units) =>
        Ok(client.PostAsJsonAsync($"/api/inspection/plans/{plan}/groups", new { name, units }));

    public static Task<JsonElement> EnterAsync(HttpClient client, Guid plan, Guid unit, Guid indicator, double? score = null, int findings = 0,
        bool vetoed = false, string? comment = null) =>
        Ok(client.PutAsJsonAsync($"/api/inspection/plans/{plan}/cards/{unit}/entries/{indicator}", new { score, findings, vetoed, comment }));

    public static Task<JsonElement> CardAsync(HttpClient client, Guid plan, Guid unit) =>
        Ok(client.GetAsync($"/api/inspection/plans/{plan}/cards/{unit}"));

    public static JsonElement Entry(JsonElement card, Guid indicator) =>
        card.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("indicator").GetProperty("id").GetGuid() == indicator);

    /// <summary>Registers an account of the unit (as the city) and activates it.</summary>
    public async Task<Guid> ActiveAccountAsync(Guid unit, string name, string platform = "WeChat", string category = "Government")
    {
        var city = await FreshAsync(CityAdmin);
        var id = (await Ok(city.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name, platform, handle = name, category, ownerUnitId = unit, verified = true,
        }))).GetProperty("id").GetGuid();
        foreach (var to in new[] { "Filed", "Active" })
            await Ok(city.PostAsJsonAsync($"/api/account-matrix/accounts/{id}/status", new { to }));
        return id;
    }

    /// <summary>Records one article per day given for the account.</summary>
    public async Task PostsAsync(Guid account, params DateOnly[] days)
    {
        var city = await FreshAsync(CityAdmin);
        await Ok(city.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = days.Select(d => new { id = $"{account:N}-{d:yyyyMMdd}", accountId = account, day = d, title = "工作动态", headline = true, reads = 500 }),
        }));
    }

    /// <summary>A unit of the test's own, so that its figures are not shared with other tests of the class.</summary>
    public Task<Guid> NewUnitAsync(string code, string name, string level, Guid parent) => Unit(code, name, level, parent);

    private async Task<Guid> Unit(string code, string name, string level, Guid? parentId)
    {
        var response = await Host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public virtual ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>The same city with inspection alone: every figure's module is missing.</summary>
public sealed class InspectionAloneWorld(PostgresServer postgres) : InspectionWorld(postgres)
{
    protected override string[] Plugins => ["directory", "inspection"];
}

/// <summary>Inspection alone with the host's own minute run of the overdue reminders off: only a test's runs race for them.</summary>
public sealed class RacingRemindersWorld(PostgresServer postgres) : InspectionWorld(postgres)
{
    protected override string[] Plugins => ["directory", "inspection"];
    protected override (string Key, string Value)[] Settings => [("NetInfo:RecurringWork:Off", "inspection overdue findings")];
}

/// <summary>Inspection with compliance (a finding opens a case and a notice there), the reminders' minute run off: writers
/// racing on one tour.</summary>
public sealed class RacingWritersWorld(PostgresServer postgres) : InspectionWorld(postgres)
{
    protected override string[] Plugins => ["directory", "inspection", "compliance"];
    protected override (string Key, string Value)[] Settings => [("NetInfo:RecurringWork:Off", "inspection overdue findings")];
}
