using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.GridDispatch.Tests;

/// <summary>The test kit's scope sweep: 东宁's county admin (who also drafts, relays and reports) calls every endpoint at
/// 宁安's groups, directive and tasks, and must neither see nor change them.</summary>
public sealed class ScopeSweepTests(DispatchWorld world) : ScopeSweep("grid-dispatch"), IClassFixture<DispatchWorld>
{
    private const string Marker = "宁安范围指令";
    private const string Api = "/api/grid-dispatch";

    protected override TestHost Host => world.Host;

    protected override async Task<IReadOnlyDictionary<string, ScopeCase>> CasesAsync()
    {
        // 宁安's own directive (drafted by its editor, approved by its admin) reaches its four groups.
        var drafter = await DispatchWorld.FreshAsync(await world.UserAsync(world.CountyA, "Editor"));
        var approver = await DispatchWorld.FreshAsync(await world.UserAsync(world.CountyA, "CountyAdmin"));
        var directive = await world.DraftAsync(drafter, DispatchWorld.Target([world.CountyA]));
        (await approver.PostAsync($"{Api}/directives/{directive}/approve", null)).EnsureSuccessStatusCode();
        (await approver.PostAsync($"{Api}/directives/{directive}/issue", null)).EnsureSuccessStatusCode();
        var title = (await approver.GetFromJsonAsync<JsonElement>($"{Api}/directives/{directive}")).GetProperty("title").GetString()!;
        var operator1 = await DispatchWorld.FreshAsync(world.Operator1);
        var task = (await operator1.GetFromJsonAsync<JsonElement>($"{Api}/tasks/mine")).GetProperty("items").EnumerateArray()
            .First(t => t.GetProperty("groupId").GetGuid() == world.G1).GetProperty("id").GetGuid();

        var outsider = await DispatchWorld.FreshAsync(await world.UserAsync(world.CountyB, "CountyAdmin", "Editor", "GridOperator"));
        var probe = new ScopeProbe(outsider, title, Marker, "一街甲网格群", "二街甲网格群", world.G1.ToString(), task.ToString(), directive.ToString());
        var (get, post, put) = (HttpMethod.Get, HttpMethod.Post, HttpMethod.Put);
        var week = $"from={DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7):yyyy-MM-dd}&to={DateOnly.FromDateTime(DateTime.UtcNow):yyyy-MM-dd}";
        var group = new
        {
            name = Marker, kind = "GridGroup", platform = "WeChat", orgUnitId = world.A1a, memberCount = 10,
            operators = Array.Empty<object>(),
        };

        return new Dictionary<string, ScopeCase>
        {
            ["GET /directives"] = probe.Hidden($"{Api}/directives"),
            ["GET /directives/{id:guid}"] = probe.Missing(get, $"{Api}/directives/{directive}"),
            ["GET /directives/{id:guid}/cap"] = probe.Missing(get, $"{Api}/directives/{directive}/cap"),
            ["GET /directives/{id:guid}/progress"] = probe.Missing(get, $"{Api}/directives/{directive}/progress"),
            ["GET /directives/{id:guid}/tasks"] = probe.Missing(get, $"{Api}/directives/{directive}/tasks"),
            ["GET /cap/areas"] = async () =>
            {
                // A county's own entry of the CAP area table is its own; the city's shared ones are listed to all.
                (await approver.PutAsJsonAsync($"{Api}/cap/areas", new { area = "宁安自有预警区域", orgUnitId = world.CountyA })).EnsureSuccessStatusCode();
                return (await outsider.GetStringAsync($"{Api}/cap/areas")).Contains("宁安自有预警区域") ? "another county's own CAP area entry is listed" : null;
            },
            ["POST /directives"] = probe.Refused(post, $"{Api}/directives", new
            {
                title = "东宁越权", body = "x", category = "AntiFraud", urgency = "Routine", delivery = "Direct", target = DispatchWorld.Target([world.A1a]),
            }),
            ["POST /directives/{id:guid}/approve"] = probe.Missing(post, $"{Api}/directives/{directive}/approve"),
            ["POST /directives/{id:guid}/issue"] = probe.Missing(post, $"{Api}/directives/{directive}/issue"),
            ["POST /directives/{id:guid}/sign"] = probe.Missing(post, $"{Api}/directives/{directive}/sign", new { note = "东宁代签" }),
            ["POST /directives/{id:guid}/supervise"] = probe.Missing(post, $"{Api}/directives/{directive}/supervise", new { unitId = world.StreetA1, comment = "东宁督办" }),
            ["GET /evaluation"] = probe.Missing(get, $"{Api}/evaluation?parent={world.CountyA}&{week}"),
            ["GET /evaluation/export"] = probe.Missing(get, $"{Api}/evaluation/export?parent={world.CountyA}&{week}"),
            ["GET /groups"] = probe.Hidden($"{Api}/groups"),
            ["GET /groups/import/template"] = probe.Hidden($"{Api}/groups/import/template"), // headers and an example line, nobody's data
            ["GET /groups/export"] = async () => (await Workbook(outsider, $"{Api}/groups/export")).Contains("一街甲网格群") ? "the workbook holds 宁安's groups" : null,
            ["POST /groups"] = probe.Refused(post, $"{Api}/groups", group),
            ["PUT /groups/{id:guid}"] = probe.Missing(put, $"{Api}/groups/{world.G1}", group),
            ["POST /groups/import"] = async () => ScopeProbe.Status(await Upload(outsider, $"{Api}/groups/import", new()
            {
                ["群名称"] = Marker, ["类型"] = "网格群", ["平台"] = "微信", ["所属村（社区）编码"] = "231084001001", ["成员数"] = "10",
            }), HttpStatusCode.BadRequest),
            ["GET /tasks/mine"] = probe.Hidden($"{Api}/tasks/mine"),
            ["POST /tasks/{id:guid}/feedback"] = probe.Missing(post, $"{Api}/tasks/{task}/feedback", new { clientKey = "scope", reached = 1 }),
            ["POST /tasks/{id:guid}/evidence"] = async () =>
            {
                using var form = new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "shot.png" } };
                return ScopeProbe.Status(await outsider.PostAsync($"{Api}/tasks/{task}/evidence", form), HttpStatusCode.NotFound);
            },
            ["GET /tasks/{id:guid}/supervision"] = probe.Missing(get, $"{Api}/tasks/{task}/supervision"), // another county's log does not exist for it
            ["POST /supervision/run"] = async () => await probe.ShowsAsync(await outsider.PostAsync($"{Api}/supervision/run", null)),
            ["PUT /cap/areas"] = probe.Refused(put, $"{Api}/cap/areas", new { area = "东宁越权区", orgUnitId = world.CountyA }),
            // An alert naming 宁安 (the area is mapped to it) does not become a draft reaching 宁安 for 东宁.
            ["POST /cap/import"] = async () =>
            {
                (await approver.PutAsJsonAsync($"{Api}/cap/areas", new { area = "宁安市", orgUnitId = world.CountyA })).EnsureSuccessStatusCode();
                var response = await outsider.PostAsync($"{Api}/cap/import", new StringContent(CapTests.Blizzard, Encoding.UTF8, "application/xml"));
                return response.StatusCode == HttpStatusCode.BadRequest ? null
                    : (await response.Content.ReadAsStringAsync()).Contains(world.CountyA.ToString()) ? "the draft reaches 宁安" : null;
            },
        };
    }

    // Nothing of 宁安's changed: its task is still open and unreported.
    protected override async Task AfterCasesAsync()
    {
        var operator1 = await DispatchWorld.FreshAsync(world.Operator1);
        var tasks = (await operator1.GetFromJsonAsync<JsonElement>($"{Api}/tasks/mine")).GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(tasks, t => t.GetProperty("reached").ValueKind == JsonValueKind.Number);
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, string url, Dictionary<string, object> row)
    {
        using var xlsx = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(xlsx, new[] { row });
        using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "upload.xlsx" } };
        return await client.PostAsync(url, form);
    }

    private static async Task<string> Workbook(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return string.Join('\n', MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .SelectMany(r => r.Values).Select(v => v?.ToString()));
    }

    // A 1×1 PNG: a valid screenshot, so only scope can refuse it.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}
