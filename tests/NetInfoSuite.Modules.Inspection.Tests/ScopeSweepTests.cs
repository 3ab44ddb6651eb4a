using System.Net;
using System.Net.Http.Json;
using NetInfoSuite.Testing;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>The test kit's scope sweep: 东宁's county admin (also an inspector) calls every endpoint at 宁安's plan for its
/// streets, and must neither see nor change it.</summary>
public sealed class ScopeSweepTests(InspectionWorld world) : ScopeSweep("inspection"), IClassFixture<InspectionWorld>
{
    private const string Api = "/api/inspection";

    protected override TestHost Host => world.Host;

    private Guid _plan, _tour;

    protected override async Task<IReadOnlyDictionary<string, ScopeCase>> CasesAsync()
    {
        var ningan = await FreshAsync(world.CountyAdminA);
        var plan = _plan = await PlanAsync(ningan, "宁安街道考评方案");
        var manual = await IndicatorAsync(ningan, plan, "宁安考评指标", 60, "Manual");
        var view = await GroupAsync(ningan, plan, "宁安街道组", world.StreetA1, world.StreetA2);
        var group = view.GetProperty("groups")[0].GetProperty("id").GetGuid();
        await EnterAsync(ningan, plan, world.StreetA1, manual, 50, comment: "宁安评分说明");
        var evidenceForm = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 宁安佐证"u8.ToArray()), "files", "宁安佐证.pdf" } };
        var evidence = (await Ok(ningan.PostAsync($"{Api}/plans/{plan}/cards/{world.StreetA1}/entries/{manual}/files", evidenceForm)))
            .GetProperty("entries").EnumerateArray().SelectMany(e => e.GetProperty("files").EnumerateArray()).Single().GetProperty("id").GetGuid();

        var tour = _tour = await TourSteps.CreateAsync(ningan, "宁安街道巡察", world.StreetA1);
        var finding = (await Ok(ningan.PostAsJsonAsync($"{Api}/tours/{tour}/findings", new
        {
            problem = "宁安巡察问题", severity = "Minor", unit = world.StreetA1, deadline = "2026-06-30",
        }))).GetProperty("findings")[0].GetProperty("id").GetGuid();

        // A published plan too: its results are 宁安's, never 东宁's.
        var published = await PlanAsync(ningan, "宁安已发布方案");
        await IndicatorAsync(ningan, published, "宁安发布指标", 10, "Manual");
        await GroupAsync(ningan, published, "宁安发布组", world.StreetA1);
        await Ok(ningan.PostAsync($"{Api}/plans/{published}/publish", null));
        await Ok(ningan.PostAsJsonAsync($"{Api}/plans/{published}/bulletin", new { }));

        var outsider = await FreshAsync(await world.UserAsync(world.CountyB, "CountyAdmin", "Inspector"));
        var own = await PlanAsync(outsider, "东宁自己的方案");
        var probe = new ScopeProbe(outsider, "宁安街道考评方案", "宁安考评指标", "宁安街道组", "宁安一街", "宁安评分说明", "宁安街道巡察", "宁安巡察问题", "宁安已发布方案", "宁安佐证.pdf",
            plan.ToString(), manual.ToString(), tour.ToString(), finding.ToString());
        var (get, post, put, delete) = (HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete);
        var settings = new
        {
            name = "东宁改名", year = 2026, from = "2026-01-01", to = "2026-12-31", bonusThreshold = 0, bonusCap = 0, missingSource = "Rescale",
            grades = new[] { new { name = "合格", min = 60 } },
        };

        return new Dictionary<string, ScopeCase>
        {
            ["POST /plans"] = probe.Refused(post, $"{Api}/plans", new { name = "东宁复制", year = 2027, copyFrom = plan }),
            ["GET /plans"] = probe.Hidden($"{Api}/plans"),
            ["GET /plans/{id:guid}"] = probe.Missing(get, $"{Api}/plans/{plan}"),
            ["PUT /plans/{id:guid}"] = probe.Missing(put, $"{Api}/plans/{plan}", settings),
            // Its own plan cannot take 宁安's streets as targets.
            ["POST /plans/{id:guid}/groups"] = async () =>
                Status(await outsider.PostAsJsonAsync($"{Api}/plans/{plan}/groups", new { name = "东宁组", units = new[] { world.CountyB } }), HttpStatusCode.NotFound)
                ?? Status(await outsider.PostAsJsonAsync($"{Api}/plans/{own}/groups", new { name = "越权组", units = new[] { world.StreetA1 } }), HttpStatusCode.BadRequest),
            ["PUT /plans/{id:guid}/groups/{group:guid}"] = probe.Missing(put, $"{Api}/plans/{plan}/groups/{group}", new { name = "东宁改组", units = new[] { world.CountyB } }),
            ["DELETE /plans/{id:guid}/groups/{group:guid}"] = probe.Missing(delete, $"{Api}/plans/{plan}/groups/{group}"),
            ["POST /plans/{id:guid}/indicators"] = probe.Missing(post, $"{Api}/plans/{plan}/indicators", new { name = "东宁指标", points = 5, method = "Manual" }),
            ["PUT /plans/{id:guid}/indicators/{indicator:guid}"] = probe.Missing(put, $"{Api}/plans/{plan}/indicators/{manual}",
                new { name = "东宁改指标", points = 5, method = "Manual" }),
            ["DELETE /plans/{id:guid}/indicators/{indicator:guid}"] = probe.Missing(delete, $"{Api}/plans/{plan}/indicators/{manual}"),
            ["GET /sources"] = probe.Hidden($"{Api}/sources"),
            ["GET /plans/{id:guid}/scores"] = probe.Missing(get, $"{Api}/plans/{plan}/scores"),
            ["GET /plans/{id:guid}/scores/export"] = probe.Missing(get, $"{Api}/plans/{plan}/scores/export"),
            ["GET /plans/{id:guid}/cards/{unit:guid}"] = probe.Missing(get, $"{Api}/plans/{plan}/cards/{world.StreetA1}"),
            ["PUT /plans/{id:guid}/cards/{unit:guid}/entries/{indicator:guid}"] = probe.Missing(put,
                $"{Api}/plans/{plan}/cards/{world.StreetA1}/entries/{manual}", new { score = 1 }),
            ["POST /plans/{id:guid}/cards/{unit:guid}/entries/{indicator:guid}/files"] = async () => ScopeProbe.Status(await outsider.PostAsync(
                $"{Api}/plans/{plan}/cards/{world.StreetA1}/entries/{manual}/files",
                new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 东宁"u8.ToArray()), "files", "东宁.pdf" } }), HttpStatusCode.NotFound),
            ["GET /plans/{id:guid}/evidence/{file:guid}"] = probe.Missing(get, $"{Api}/plans/{plan}/evidence/{evidence}"),
            ["POST /plans/{id:guid}/cards/{unit:guid}/finalise"] = probe.Missing(post, $"{Api}/plans/{plan}/cards/{world.StreetA1}/finalise"),
            ["POST /plans/{id:guid}/publish"] = probe.Missing(post, $"{Api}/plans/{plan}/publish"),
            ["POST /tours"] = probe.Refused(post, $"{Api}/tours", new
            {
                name = "东宁越权巡察", from = "2026-06-01", to = "2026-06-10", lead = "东宁组长", members = Array.Empty<string>(), targets = new[] { world.StreetA1 },
                keyPoints = Array.Empty<string>(),
            }),
            ["GET /tours"] = probe.Hidden($"{Api}/tours"),
            ["GET /tours/{id:guid}"] = probe.Missing(get, $"{Api}/tours/{tour}"),
            ["POST /tours/{id:guid}/visits"] = probe.Missing(post, $"{Api}/tours/{tour}/visits", new { date = "2026-06-01", place = "东宁", peopleMet = "东宁" }),
            ["POST /tours/{id:guid}/findings"] = probe.Missing(post, $"{Api}/tours/{tour}/findings",
                new { problem = "东宁越权问题", severity = "Minor", unit = world.StreetA1, deadline = "2026-06-30" }),
            ["POST /plans/{id:guid}/bulletin"] = probe.Missing(post, $"{Api}/plans/{published}/bulletin", new { }),
            ["GET /plans/{id:guid}/bulletin/docx"] = probe.Missing(get, $"{Api}/plans/{published}/bulletin/docx"),
            ["GET /bulletins"] = probe.Hidden($"{Api}/bulletins"),
            ["GET /bulletins/{id:guid}"] = probe.Missing(get, $"{Api}/bulletins/{published}"),
            ["GET /bulletins/{id:guid}/docx"] = probe.Missing(get, $"{Api}/bulletins/{published}/docx"),
            ["GET /results"] = async () => await probe.ShowsAsync(await outsider.GetAsync($"{Api}/results?year=2026"))
                ?? await probe.ShowsAsync(await outsider.GetAsync($"{Api}/results?year=2026&unit={world.StreetA1}")),
            ["GET /results/export"] = async () =>
            {
                var response = await outsider.GetAsync($"{Api}/results/export?year=2026");
                if (!response.IsSuccessStatusCode) return $"export answered {(int)response.StatusCode}";
                var cells = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), useHeaderRow: true)
                    .Cast<IDictionary<string, object?>>().SelectMany(r => r.Values).Select(v => v?.ToString() ?? "");
                return cells.FirstOrDefault(c => c.Contains("宁安")) is { } shown ? $"the workbook shows {shown}" : null;
            },
            ["POST /tours/remind-overdue"] = async () => await probe.ShowsAsync(await outsider.PostAsync($"{Api}/tours/remind-overdue", null)),
            ["POST /tours/{id:guid}/findings/{finding:guid}/close"] = probe.Missing(post, $"{Api}/tours/{tour}/findings/{finding}/close", new { note = "东宁代办" }),
        };

        static string? Status(HttpResponseMessage response, HttpStatusCode expected) => ScopeProbe.Status(response, expected);
    }

    // Nothing of 宁安's changed: its plan keeps its one indicator, its group, and 宁安一街's score of 50 on an open card.
    protected override async Task AfterCasesAsync()
    {
        var ningan = await FreshAsync(world.CountyAdminA);
        var plan = await Ok(ningan.GetAsync($"{Api}/plans/{_plan}"));
        Assert.Equal("宁安街道考评方案", plan.GetProperty("name").GetString());
        Assert.Single(plan.GetProperty("indicators").EnumerateArray());
        Assert.Equal(2, plan.GetProperty("groups")[0].GetProperty("units").GetArrayLength());
        var card = await CardAsync(ningan, _plan, world.StreetA1);
        Assert.Equal(50, card.GetProperty("total").GetDouble());
        Assert.Single(card.GetProperty("entries").EnumerateArray().SelectMany(e => e.GetProperty("files").EnumerateArray()));
        Assert.False(card.GetProperty("final").GetBoolean());
        var tour = await Ok(ningan.GetAsync($"{Api}/tours/{_tour}"));
        Assert.Single(tour.GetProperty("findings").EnumerateArray());
        Assert.Empty(tour.GetProperty("visits").EnumerateArray());
        Assert.False(tour.GetProperty("findings")[0].GetProperty("rectified").GetBoolean());
    }
}
