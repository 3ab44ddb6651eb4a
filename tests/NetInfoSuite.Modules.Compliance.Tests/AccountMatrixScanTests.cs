using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>The first other module to open cases: the account matrix's dictionary scan of a piece once it is published,
/// through the OpenReviewCase contract and the outbox.</summary>
public sealed class AccountMatrixScanTests(AccountMatrixScanTests.World world) : IClassFixture<AccountMatrixScanTests.World>
{
    public sealed class World(NetInfoSuite.Testing.PostgresServer postgres) : ComplianceWorld(postgres)
    {
        protected override string[] Plugins => ["directory", "account-matrix", "compliance"];
    }

    private static readonly string[] Checks = ["Political", "Legal", "Policy", "Secrecy", "Wording", "Source", "Security"];

    [Fact]
    public async Task A_published_piece_with_a_sensitive_word_opens_one_case_and_a_clean_one_none()
    {
        var cityAdmin = await world.Host.ClientForAsync(world.City, "CityAdmin");
        var reviewer = await world.Host.ClientForAsync(world.City, "Reviewer");
        var editor = await world.Host.ClientForAsync(world.CountyA, "Editor");
        (await reviewer.PutAsJsonAsync("/api/account-matrix/words", new
        {
            words = new object[] { new { word = "内部资料", kind = "Sensitive" }, new { word = "以经", kind = "CommonlyWrong", suggestion = "已经" } },
        })).EnsureSuccessStatusCode();
        var account = await Id(cityAdmin.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name = "宁安抖音号", platform = "Douyin", handle = "ningan-dy", category = "Government", ownerUnitId = world.CountyA, verified = true,
        }));
        foreach (var to in new[] { "Filed", "Active" })
            (await cityAdmin.PostAsJsonAsync($"/api/account-matrix/accounts/{account}/status", new { to })).EnsureSuccessStatusCode();

        var flagged = await PublishAsync(editor, reviewer, account, "防火通知", "各乡镇以经完成检查，附内部资料一份。");
        var clean = await PublishAsync(editor, reviewer, account, "冬捕开幕", "镜泊湖冬捕今日开幕。");
        await world.Host.OutboxDeliveredAsync();

        var officer = await ComplianceWorld.FreshAsync(world.Officer);
        var cases = (await officer.GetFromJsonAsync<JsonElement>("/api/compliance/cases?pageSize=200")).GetProperty("items").EnumerateArray()
            .Where(c => c.GetProperty("subject").GetString() == "宁安抖音号").ToList();
        var found = Assert.Single(cases);
        Assert.Equal("AutomaticScan", found.GetProperty("source").GetString());
        Assert.Equal("宁安市", found.GetProperty("unitName").GetString());
        var view = await officer.GetFromJsonAsync<JsonElement>($"/api/compliance/cases/{found.GetProperty("id").GetGuid()}");
        Assert.Contains("《防火通知》", view.GetProperty("finding").GetString());
        Assert.Contains("内部资料", view.GetProperty("finding").GetString());
        Assert.DoesNotContain("以经", view.GetProperty("finding").GetString()); // a commonly wrong word is the 文字 check's, not a finding
        Assert.Equal($"https://www.douyin.com/video/{flagged:N}", view.GetProperty("evidenceUrl").GetString());
        Assert.Contains("内部资料", view.GetProperty("evidenceExcerpt").GetString());
        Assert.NotEqual(flagged, clean);
    }

    [Fact]
    public async Task A_media_unit_links_matrix_accounts_through_the_contract_and_an_unknown_one_is_refused()
    {
        var cityAdmin = await world.Host.ClientForAsync(world.City, "CityAdmin");
        var account = await Id(cityAdmin.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name = "宁安微博号", platform = "Weibo", handle = "ningan-wb", category = "Government", ownerUnitId = world.CountyA, verified = true,
        }));
        object Unit(Guid linked) => new
        {
            name = "宁安微博运营公司", creditCode = "91110000802100433B", kind = "Company", nonPublicShare = 60, category = "Restricted",
            filedOn = "2026-01-05", status = "Active", supervisor = world.CountyA, accounts = new[] { linked },
        };
        var officer = await ComplianceWorld.FreshAsync(world.Officer);

        var unknown = await officer.PostAsJsonAsync("/api/compliance/media-units", Unit(Guid.NewGuid()));
        var linked = await officer.PostAsJsonAsync("/api/compliance/media-units", Unit(account));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("accounts", await unknown.Content.ReadAsStringAsync());
        var view = await linked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("宁安微博号", Assert.Single(view.GetProperty("accounts").EnumerateArray()).GetProperty("name").GetString());
        var page = await officer.GetStringAsync($"/compliance/media-units/{view.GetProperty("id").GetGuid()}");
        Assert.Contains("宁安微博号", page);
    }

    private static async Task<Guid> PublishAsync(HttpClient editor, HttpClient reviewer, Guid account, string title, string body)
    {
        var id = await Id(editor.PostAsJsonAsync("/api/account-matrix/publications", new { title, body, accounts = new[] { account } }));
        (await editor.PostAsync($"/api/account-matrix/publications/{id}/submit", null)).EnsureSuccessStatusCode();
        (await reviewer.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/review",
            new { checks = Checks.Select(c => new { check = c, pass = true, comment = (string?)null }) })).EnsureSuccessStatusCode();
        (await editor.PostAsJsonAsync($"/api/account-matrix/publications/{id}/targets/{account}/posted",
            new { link = $"https://www.douyin.com/video/{id:N}" })).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<Guid> Id(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
