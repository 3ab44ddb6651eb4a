using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>Org-scoped access on every endpoint (the test kit's sweep): 东宁's editor calls each one at 宁安's records
/// and must neither see nor change them.</summary>
public sealed class ScopeTests(MatrixWorld world) : ScopeSweep("account-matrix"), IClassFixture<MatrixWorld>
{
    private const string Marker = "宁安范围号";
    private Ningan _ningan = null!;

    protected override TestHost Host => world.Host;

    protected override async Task<IReadOnlyDictionary<string, ScopeCase>> CasesAsync() => Cases(_ningan = await NinganRecordsAsync());

    // And nothing of 宁安's changed.
    protected override async Task AfterCasesAsync()
    {
        var account = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/accounts/{_ningan.Account}");
        Assert.Equal("Active", account.GetProperty("status").GetString());
        var message = (await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/messages")).GetProperty("items")[0];
        Assert.Equal(JsonValueKind.Null, message.GetProperty("reply").ValueKind);
    }

    private sealed record Ningan(Guid Account, Guid Message, Guid Publication, Guid Topic, Guid Directive, Guid Ranking);

    private async Task<Ningan> NinganRecordsAsync()
    {
        var editor = world.NinganEditor;
        var account = await world.ActiveAccountAsync(editor, world.Ningan, Marker, "WeChat");
        (await editor.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            daily = new[] { new { accountId = account, day = "2026-11-02", posts = 2, downloads = 7 } },
            articles = new[] { new { id = "scope-1", accountId = account, day = "2026-11-02", title = Marker, headline = true, reads = 100 } },
        })).EnsureSuccessStatusCode();
        (await editor.PostAsJsonAsync("/api/account-matrix/messages", new { messages = new[] { new { accountId = account, at = "2026-11-20T08:00:00Z", text = Marker } } }))
            .EnsureSuccessStatusCode();
        var message = (await editor.GetFromJsonAsync<JsonElement>("/api/account-matrix/messages")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var publication = await IdOf(await editor.PostAsJsonAsync("/api/account-matrix/publications", new { title = Marker, body = Marker, accounts = new[] { account } }));
        (await editor.PostAsync($"/api/account-matrix/publications/{publication}/submit", null)).EnsureSuccessStatusCode();
        var topic = await IdOf(await editor.PostAsJsonAsync("/api/account-matrix/topics", new { title = Marker, from = "2026-11-01", to = "2026-11-30", accounts = new[] { account } }));
        (await editor.PostAsJsonAsync("/api/account-matrix/training", new { date = "2026-11-05", topic = Marker, trainer = "市委网信办", attendees = new[] { new { name = "张", unitId = world.Ningan } } }))
            .EnsureSuccessStatusCode();
        var ranking = await IdOf(await editor.PostAsJsonAsync("/api/account-matrix/rankings/published", new { title = Marker, platform = "WeChat", from = "2026-11-01", to = "2026-11-07" }));
        (await editor.PutAsJsonAsync($"/api/account-matrix/population/{world.Ningan}", new { population = 440_000, year = 2025 })).EnsureSuccessStatusCode();

        var street = await world.UnitAsync("231084201", "宁安二街", "Street", world.Ningan);
        var community = await world.UnitAsync("231084201001", "二街社区", "Community", street);
        (await world.CityAdmin.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name = "二街群", kind = "GridGroup", platform = "WeChat", orgUnitId = community, memberCount = 100, operators = Array.Empty<object>(),
        })).EnsureSuccessStatusCode();
        var directive = await IdOf(await world.CityAdmin.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = Marker, body = "请转发", category = "AntiFraud", urgency = "Urgent", delivery = "Direct", target = new { accounts = new[] { account } },
        }));
        var approver = await world.Host.ClientForAsync(world.City, "CityAdmin"); // who drafts does not approve
        (await approver.PostAsync($"/api/grid-dispatch/directives/{directive}/approve", null)).EnsureSuccessStatusCode();
        (await world.CityAdmin.PostAsync($"/api/grid-dispatch/directives/{directive}/issue", null)).EnsureSuccessStatusCode();
        return new Ningan(account, message, publication, topic, directive, ranking);
    }

    private Dictionary<string, ScopeCase> Cases(Ningan n)
    {
        var other = world.DongningEditor;
        var a = n.Account;
        var probe = new ScopeProbe(other, Marker, a.ToString());
        ScopeCase Upload(string url, Dictionary<string, object> row) => async () =>
            Status(await MatrixWorld.UploadAsync(other, url, [row]), HttpStatusCode.BadRequest);
        ScopeCase Workbook(string url) => async () =>
            (await MatrixWorld.DownloadAsync(other, url)).Any(r => r.Values.Any(v => v?.ToString() == Marker)) ? "the workbook holds 宁安's record" : null;
        const string api = "/api/account-matrix";
        var week = "from=2026-11-01&to=2026-11-07";

        return new()
        {
            ["GET /accounts"] = probe.Hidden($"{api}/accounts"),
            ["POST /accounts"] = probe.Refused(HttpMethod.Post, $"{api}/accounts", new { name = "x", platform = "Weibo", handle = "x", category = "Government", ownerUnitId = world.Ningan }),
            ["GET /accounts/{id:guid}"] = probe.Missing(HttpMethod.Get, $"{api}/accounts/{a}"),
            ["POST /accounts/{id:guid}/status"] = probe.Missing(HttpMethod.Post, $"{api}/accounts/{a}/status", new { to = "Suspended" }),
            ["GET /accounts/{id:guid}/scores"] = probe.Missing(HttpMethod.Get, $"{api}/accounts/{a}/scores"),
            ["POST /accounts/import"] = Upload($"{api}/accounts/import", new() { ["名称"] = "x", ["平台"] = "微博", ["账号"] = "x", ["类别"] = "政务类", ["主管单位编码"] = "231084" }),
            ["GET /accounts/export"] = Workbook($"{api}/accounts/export"),
            ["POST /metrics"] = probe.Refused(HttpMethod.Post, $"{api}/metrics", new { daily = new[] { new { accountId = a, day = "2026-11-03", posts = 9 } } }),
            ["POST /metrics/import"] = Upload($"{api}/metrics/import", new() { ["平台"] = "WeChat", ["账号"] = Marker, ["日期"] = "2026-11-03", ["发文数"] = "9" }),
            ["GET /metrics/export"] = async () => (await MatrixWorld.DownloadAsync(other, $"{api}/metrics/export?{week}")).Count > 0 ? "the workbook holds 宁安's rows" : null,
            ["POST /metrics/articles/import"] = Upload($"{api}/metrics/articles/import",
                new() { ["平台"] = "WeChat", ["账号"] = Marker, ["文章编号"] = "scope-1", ["日期"] = "2026-11-03", ["头条"] = "否" }),
            ["GET /metrics/articles/export"] = Workbook($"{api}/metrics/articles/export?{week}"),
            ["GET /rankings"] = probe.Hidden($"{api}/rankings?platform=WeChat&{week}"),
            ["GET /rankings/export"] = Workbook($"{api}/rankings/export?platform=WeChat&{week}"),
            ["GET /rankings/influential"] = probe.Hidden($"{api}/rankings/influential?{week}"),
            ["POST /rankings/published"] = async () => await probe.ShowsAsync(await other.PostAsJsonAsync($"{api}/rankings/published", new { title = "东宁", platform = "WeChat", from = "2026-11-01", to = "2026-11-07" })),
            ["GET /rankings/published"] = probe.Hidden($"{api}/rankings/published"),
            ["GET /rankings/published/{id:guid}"] = probe.Missing(HttpMethod.Get, $"{api}/rankings/published/{n.Ranking}"),
            ["GET /rankings/published/{id:guid}/export"] = probe.Missing(HttpMethod.Get, $"{api}/rankings/published/{n.Ranking}/export"),
            ["GET /four-powers"] = probe.Hidden($"{api}/four-powers?{week}"),
            ["GET /dormant"] = async () => await probe.ShowsAsync(await other.GetAsync($"{api}/dormant?at=2026-12-31")) ?? Status(await other.GetAsync($"{api}/dormant?at=2026-12-31&unit={world.Ningan}"), HttpStatusCode.NotFound),
            ["GET /reposts"] = probe.Hidden($"{api}/reposts"),
            ["GET /reposts/{directiveId:guid}"] = probe.Hidden($"{api}/reposts/{n.Directive}"),
            ["POST /reposts/{directiveId:guid}/{accountId:guid}"] = probe.Missing(HttpMethod.Post, $"{api}/reposts/{n.Directive}/{a}", new { link = "https://example.cn/x" }),
            ["POST /publications"] = probe.Refused(HttpMethod.Post, $"{api}/publications", new { title = "x", body = "x", accounts = new[] { a } }),
            ["GET /publications"] = probe.Hidden($"{api}/publications"),
            ["GET /publications/{id:guid}"] = probe.Missing(HttpMethod.Get, $"{api}/publications/{n.Publication}"),
            ["PUT /publications/{id:guid}"] = probe.Missing(HttpMethod.Put, $"{api}/publications/{n.Publication}", new { title = "东宁改稿", body = "x" }),
            ["POST /publications/{id:guid}/submit"] = probe.Missing(HttpMethod.Post, $"{api}/publications/{n.Publication}/submit"),
            ["POST /publications/{id:guid}/targets/{accountId:guid}/review"] = async () =>
            {
                var reviewer = await world.Host.ClientForAsync(world.Dongning, "Reviewer");
                var checks = new[] { "Political", "Legal", "Policy", "Secrecy", "Wording", "Source", "Security" }.Select(c => new { check = c, pass = true });
                return Status(await reviewer.PostAsJsonAsync($"{api}/publications/{n.Publication}/targets/{a}/review", new { checks }), HttpStatusCode.NotFound);
            },
            ["POST /publications/{id:guid}/approve-all"] = async () =>
            {
                var reviewer = await world.Host.ClientForAsync(world.Dongning, "Reviewer");
                return Status(await reviewer.PostAsync($"{api}/publications/{n.Publication}/approve-all", null), HttpStatusCode.NotFound);
            },
            ["POST /publications/{id:guid}/targets/{accountId:guid}/schedule"] = probe.Missing(HttpMethod.Post, $"{api}/publications/{n.Publication}/targets/{a}/schedule", new { at = "2027-01-01T00:00:00Z" }),
            ["POST /publications/{id:guid}/targets/{accountId:guid}/posted"] = probe.Missing(HttpMethod.Post, $"{api}/publications/{n.Publication}/targets/{a}/posted", new { link = "https://example.org/p" }),
            ["GET /publications/{id:guid}/scan"] = probe.Missing(HttpMethod.Get, $"{api}/publications/{n.Publication}/scan"),
            ["POST /publishing/run"] = async () => await probe.ShowsAsync(await other.PostAsync($"{api}/publishing/run", null)),
            // A system administrator bound to 东宁 runs the warnings for 东宁's subtree: the answer names no one of 宁安's.
            ["POST /dormant/warnings/run"] = async () =>
                await probe.ShowsAsync(await (await world.Host.ClientForAsync(world.Dongning, "SystemAdmin")).PostAsync($"{api}/dormant/warnings/run", null)),
            // The dictionary is the city's one shared list, not a unit's records: every unit reads it.
            ["GET /words"] = async () => Status(await other.GetAsync($"{api}/words"), HttpStatusCode.OK),
            ["GET /words/export"] = async () => Status(await other.GetAsync($"{api}/words/export"), HttpStatusCode.OK),
            ["PUT /words"] = async () => Status(await other.PutAsJsonAsync($"{api}/words", new { words = Array.Empty<object>() }), HttpStatusCode.Forbidden),
            ["DELETE /words/{word}"] = async () => Status(await other.DeleteAsync($"{api}/words/x"), HttpStatusCode.Forbidden),
            ["POST /words/import"] = async () => Status(await MatrixWorld.UploadAsync(other, $"{api}/words/import", [new() { ["词语"] = "x" }]), HttpStatusCode.Forbidden),
            ["POST /messages"] = probe.Refused(HttpMethod.Post, $"{api}/messages", new { messages = new[] { new { accountId = a, at = "2026-11-20T08:00:00Z", text = "x" } } }),
            ["GET /messages"] = probe.Hidden($"{api}/messages"),
            // The import templates: headers and an example line, nobody's data.
            ["GET /accounts/import/template"] = probe.Hidden($"{api}/accounts/import/template"),
            ["GET /words/import/template"] = probe.Hidden($"{api}/words/import/template"),
            ["GET /messages/import/template"] = probe.Hidden($"{api}/messages/import/template"),
            ["GET /metrics/import/template"] = probe.Hidden($"{api}/metrics/import/template"),
            ["GET /metrics/articles/import/template"] = probe.Hidden($"{api}/metrics/articles/import/template"),
            ["POST /messages/{id:guid}"] = probe.Missing(HttpMethod.Post, $"{api}/messages/{n.Message}", new { reply = "东宁代答" }),
            ["GET /messages/figures/accounts"] = probe.Hidden($"{api}/messages/figures/accounts?at=2026-11-26"),
            ["GET /messages/figures"] = probe.Missing(HttpMethod.Get, $"{api}/messages/figures?unit={world.Ningan}&at=2026-11-26"),
            ["POST /messages/import"] = Upload($"{api}/messages/import", new() { ["平台"] = "WeChat", ["账号"] = Marker, ["时间"] = "2026-11-20 08:00", ["内容"] = "x" }),
            ["POST /topics"] = probe.Refused(HttpMethod.Post, $"{api}/topics", new { title = "x", from = "2026-11-01", to = "2026-11-30", accounts = new[] { a } }),
            ["GET /topics"] = probe.Hidden($"{api}/topics"),
            ["GET /topics/{id:guid}"] = probe.Missing(HttpMethod.Get, $"{api}/topics/{n.Topic}"),
            ["POST /topics/{id:guid}/posts"] = probe.Missing(HttpMethod.Post, $"{api}/topics/{n.Topic}/posts", new { posts = new[] { "scope-1" } }),
            ["POST /training"] = probe.Refused(HttpMethod.Post, $"{api}/training", new { date = "2026-11-05", topic = "x", trainer = "y", attendees = new[] { new { name = "x", unitId = world.Ningan } } }),
            ["GET /training"] = probe.Hidden($"{api}/training"),
            ["GET /training/attendance"] = async () => (await other.GetStringAsync($"{api}/training/attendance?from=2026-11-01&to=2026-11-30")).Contains(world.Ningan.ToString()) ? "shows 宁安's attendance" : null,
            ["GET /dashboards/push-volume"] = async () =>
                (await other.GetFromJsonAsync<JsonElement>($"{api}/dashboards/push-volume?{week}")).GetProperty("total").EnumerateArray().Any(v => v.GetInt64() > 0) ? "counts 宁安's posts" : null,
            ["GET /dashboards/app-downloads"] = async () => (await other.GetStringAsync($"{api}/dashboards/app-downloads")).Contains(world.Ningan.ToString()) ? "shows 宁安" : null,
            ["PUT /population/{unitId:guid}"] = probe.Missing(HttpMethod.Put, $"{api}/population/{world.Ningan}", new { population = 1, year = 2025 }),
            ["GET /summary"] = probe.Missing(HttpMethod.Get, $"{api}/summary?unit={world.Ningan}&{week}"),
        };
    }

    private static string? Status(HttpResponseMessage response, HttpStatusCode expected) => ScopeProbe.Status(response, expected);

    private static async Task<Guid> IdOf(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
