using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>A host with the directory and compliance plugins on a fake clock, and a small city: 牡丹江市 → 宁安市 (one
/// street, 宁安一街) and 东宁市. The city's compliance officer issues; 宁安一街's editor answers.</summary>
public class ComplianceWorld(PostgresServer postgres) : IAsyncLifetime
{
    protected virtual string[] Plugins => ["directory", "compliance"];

    /// <summary>When the world starts (the fake clock's first instant).</summary>
    protected virtual DateTimeOffset Start => new(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Website checks reach the tests' own web servers on 127.0.0.1 (a deployment refuses private addresses).</summary>
    protected virtual bool AllowPrivateAddresses => true;

    private FakeTimeProvider? _clock;
    public FakeTimeProvider Clock => _clock ??= new FakeTimeProvider(Start.ToUniversalTime());
    public TestHost Host { get; private set; } = null!;
    public Guid City, CountyA, CountyB, StreetA1;
    public (HttpClient Client, string Login) Officer, Street, CountyAdminA, CountyAdminB;

    public virtual async ValueTask InitializeAsync()
    {
        Host = await TestHost.StartAsync(postgres, Plugins, Clock, ("Compliance:Websites:AllowPrivateAddresses", AllowPrivateAddresses ? "true" : "false"));
        await BuildAsync();
    }

    /// <summary>Makes the tree and the users the tests work as.</summary>
    protected virtual async Task BuildAsync()
    {
        City = await Unit("231000", "牡丹江市", "City", null);
        CountyA = await Unit("231084", "宁安市", "County", City);
        CountyB = await Unit("231086", "东宁市", "County", City);
        StreetA1 = await Unit("231084001", "宁安一街", "Street", CountyA);
        Officer = await UserAsync(City, "ComplianceOfficer");
        Street = await UserAsync(StreetA1, "Editor");
        CountyAdminA = await UserAsync(CountyA, "CountyAdmin");
        CountyAdminB = await UserAsync(CountyB, "CountyAdmin");
    }

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

    /// <summary>A 1×1 PNG: a valid screenshot.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().AddHours(8).DateTime);

    public static object Notice(Guid recipient, DateOnly deadline, string subject = "某网站首页长期未更新", Guid[]? cases = null) => new
    {
        recipient, subject, problems = "首页最近一次更新在 30 天前。", requirements = "立即更新首页内容，建立更新台账。", deadline = deadline.ToString("yyyy-MM-dd"),
        cases = cases ?? [],
    };

    /// <summary>Issues a notice as the client; returns its id and number.</summary>
    public static async Task<(Guid Id, string Number)> IssueAsync(HttpClient issuer, Guid recipient, DateOnly deadline, string subject = "某网站首页长期未更新")
    {
        var response = await issuer.PostAsJsonAsync("/api/compliance/notices", Notice(recipient, deadline, subject));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("number").GetString()!);
    }

    protected async Task<Guid> Unit(string code, string name, string level, Guid? parentId)
    {
        var response = await Host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public virtual ValueTask DisposeAsync() => Host.DisposeAsync();
}
