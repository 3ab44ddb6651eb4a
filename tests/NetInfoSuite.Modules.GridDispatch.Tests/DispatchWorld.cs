using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

/// <summary>A host with the directory and grid-dispatch plugins on a fake clock, and a small city:
/// 牡丹江市 → 宁安市 (two streets: 宁安一街 with two communities, 宁安二街 with one) and 东宁市 (one street, one
/// community). Six groups: g1 网格群 and g2 居民群 in community A1a (run by operator 1), g3 村民群 in A1b
/// (operator 2), g4 网格群 in A2a, g5 网格群 and g6 居民群 in B1a.</summary>
public class DispatchWorld(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>Configuration the host starts with (none: the defaults).</summary>
    protected virtual (string Key, string Value)[] Settings => [];

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public TestHost Host { get; private set; } = null!;
    public Guid City, CountyA, CountyB, StreetA1, StreetA2, StreetB1, A1a, A1b, A2a, B1a;
    public Guid G1, G2, G3, G4, G5, G6;
    public (HttpClient Client, string Login) Operator1, Operator2, CityAdmin;

    public async ValueTask InitializeAsync()
    {
        Host = await TestHost.StartAsync(postgres, ["directory", "grid-dispatch"], Clock, Settings);
        await BuildAsync();
    }

    /// <summary>Makes the tree, the users and the groups the tests work on.</summary>
    protected virtual async Task BuildAsync()
    {
        City = await Unit("231000", "牡丹江市", "City", null);
        CountyA = await Unit("231084", "宁安市", "County", City);
        CountyB = await Unit("231086", "东宁市", "County", City);
        StreetA1 = await Unit("231084001", "宁安一街", "Street", CountyA);
        StreetA2 = await Unit("231084002", "宁安二街", "Street", CountyA);
        StreetB1 = await Unit("231086001", "东宁一街", "Street", CountyB);
        A1a = await Unit("231084001001", "一街甲社区", "Community", StreetA1);
        A1b = await Unit("231084001002", "一街乙村", "Community", StreetA1);
        A2a = await Unit("231084002001", "二街甲社区", "Community", StreetA2);
        B1a = await Unit("231086001001", "东宁甲社区", "Community", StreetB1);
        CityAdmin = await UserAsync(City, "CityAdmin");
        Operator1 = await UserAsync(A1a, "GridOperator");
        Operator2 = await UserAsync(A1b, "GridOperator");
        G1 = await Group("一街甲网格群", "GridGroup", A1a, Operator1.Login);
        G2 = await Group("一街甲居民群", "Residents", A1a, Operator1.Login);
        G3 = await Group("一街乙村民群", "Villagers", A1b, Operator2.Login);
        G4 = await Group("二街甲网格群", "GridGroup", A2a, null);
        G5 = await Group("东宁甲网格群", "GridGroup", B1a, null);
        G6 = await Group("东宁甲居民群", "Residents", B1a, null);
    }

    /// <summary>A user's client signed in afresh: the fake clock may have aged its token.</summary>
    public static async Task<HttpClient> FreshAsync((HttpClient Client, string Login) user)
    {
        await user.Client.SignInAsync(user.Login, "User#Pass-2026");
        return user.Client;
    }

    public async Task<(HttpClient Client, string Login)> UserAsync(Guid unit, params string[] roles)
    {
        await Host.Client.SignInAsync("admin", TestHost.AdminPassword); // the fake clock may have aged its token
        var client = await Host.ClientForAsync(unit, roles);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        return (client, me.GetProperty("login").GetString()!);
    }

    /// <summary>Drafts a directive as the given client, has a second person of its unit approve it (four eyes), and
    /// issues it as the drafter; returns its id and task count.</summary>
    public async Task<(Guid Id, int Tasks)> IssueAsync(HttpClient issuer, object target, string urgency = "Routine", string delivery = "Direct")
    {
        var id = await DraftAsync(issuer, target, urgency, delivery);
        await ApproveAsync(issuer, id);
        var issued = await issuer.PostAsync($"/api/grid-dispatch/directives/{id}/issue", null);
        if (!issued.IsSuccessStatusCode) throw new InvalidOperationException(await issued.Content.ReadAsStringAsync());
        return (id, (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tasks").GetInt32());
    }

    /// <summary>Approves the directive as someone else of the drafter's unit and roles: who drafts does not approve.</summary>
    public async Task ApproveAsync(HttpClient drafter, Guid directive)
    {
        var approver = await DispatchWorld.FreshAsync(await ColleagueOfAsync(drafter));
        var approved = await approver.PostAsync($"/api/grid-dispatch/directives/{directive}/approve", null);
        if (!approved.IsSuccessStatusCode) throw new InvalidOperationException(await approved.Content.ReadAsStringAsync());
    }

    private readonly Dictionary<string, (HttpClient, string)> _colleagues = [];

    /// <summary>Another user of the same unit with the same roles (one per unit and roles, made once).</summary>
    public async Task<(HttpClient Client, string Login)> ColleagueOfAsync(HttpClient user)
    {
        var me = await user.GetFromJsonAsync<JsonElement>("/api/auth/me");
        var unit = me.GetProperty("orgUnitId").GetGuid();
        var roles = me.GetProperty("roles").EnumerateArray().Select(r => r.ToString()).ToArray();
        var key = unit + string.Join(",", roles);
        if (!_colleagues.TryGetValue(key, out var colleague)) _colleagues[key] = colleague = await UserAsync(unit, roles);
        return colleague;
    }

    public async Task<Guid> DraftAsync(HttpClient issuer, object target, string urgency = "Routine", string delivery = "Direct")
    {
        var draft = await issuer.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "反诈提醒" + Guid.NewGuid().ToString("N")[..6], body = "请转发到各群：谨防冒充客服退款诈骗。", category = "AntiFraud",
            urgency, target, delivery,
        });
        if (!draft.IsSuccessStatusCode) throw new InvalidOperationException(await draft.Content.ReadAsStringAsync());
        return (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static object Target(Guid[]? units = null, string[]? kinds = null, Guid[]? groups = null) =>
        new { orgUnits = units ?? [], kinds = kinds ?? [], groups = groups ?? [], accounts = Array.Empty<Guid>() };

    protected async Task<Guid> Unit(string code, string name, string level, Guid? parentId)
    {
        var response = await Host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    protected async Task<Guid> Group(string name, string kind, Guid unit, string? operatorLogin)
    {
        var response = await CityAdmin.Client.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name, kind, platform = "WeChat", orgUnitId = unit, memberCount = 200,
            operators = new[] { new { name = "张网格", phone = "13900001234", login = operatorLogin } },
        });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The user's notices about the directive or one of its tasks.</summary>
    public async Task<List<(string Kind, string Body)>> NoticesAsync((HttpClient Client, string Login) user, Guid directive)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select id::text from grid_dispatch.tasks where directive_id = $1", connection)
            { Parameters = { new() { Value = directive } } };
        var links = new List<string> { $"/grid-dispatch/directives/{directive}" };
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) links.Add($"/grid-dispatch/tasks/{reader.GetString(0)}");
        var inbox = await (await DispatchWorld.FreshAsync(user)).GetFromJsonAsync<JsonElement>("/api/notifications?pageSize=200");
        return inbox.GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("link").GetString() is { } link && links.Contains(link))
            .Select(n => (n.GetProperty("kind").GetString()!, n.GetProperty("body").GetString()!)).ToList();
    }

    public virtual ValueTask DisposeAsync() => Host.DisposeAsync();
}
