using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>The platform's scope sweep for the registry: 宁安市's personalities are out of reach of 东宁市's editor.</summary>
public sealed class ScopeSweepTests(RegistryWorld world) : ScopeSweep("netizen-registry"), IClassFixture<RegistryWorld>
{
    protected override TestHost Host => world.Host;

    protected override async Task<IReadOnlyDictionary<string, ScopeCase>> CasesAsync()
    {
        var alias = "宁安范围人士" + Guid.NewGuid().ToString("N")[..6];
        var person = NewPerson();
        var id = await world.PersonAsync(world.NinganEditor, world.Ningan, alias, person);
        _id = id;
        (await world.NinganEditor.PutAsJsonAsync($"{Api}/profiles/{id}/typical", new { story = "宁安典型事迹", recognisedOn = "2026-01-01" })).EnsureSuccessStatusCode();
        (await world.NinganEditor.PutAsJsonAsync($"{Api}/profiles/{id}/association", new { role = "理事", since = "2025-06-01" })).EnsureSuccessStatusCode();
        var tripName = "宁安范围采风" + Guid.NewGuid().ToString("N")[..6];
        var trip = (await (await world.NinganEditor.PostAsJsonAsync($"{Api}/trips", new { name = tripName, from = "2026-01-10", to = "2026-01-12", unitId = world.Ningan }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        _trip = trip;
        var export = (await (await world.NinganOfficer.PostAsJsonAsync($"{Api}/personal-exports", new { purpose = "宁安范围导出目的" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var selectionName = "宁安范围评选" + Guid.NewGuid().ToString("N")[..6];
        var selection = (await (await world.NinganEditor.PostAsJsonAsync($"{Api}/selections", new
        {
            name = selectionName, honourTitle = "宁安最美好网民", unitId = world.Ningan, jurors = new[] { "admin" },
            voteFrom = "2026-12-01", voteTo = "2026-12-10", winners = 1,
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        _selection = selection;
        var probe = new ScopeProbe(world.DongningEditor, alias, id.ToString(), tripName, trip.ToString(), selectionName, selection.ToString());
        var officer = new ScopeProbe(world.DongningOfficer, alias, id.ToString(), person.Name, person.Mobile, "宁安范围导出目的", export.ToString());
        return new Dictionary<string, ScopeCase>
        {
            ["GET /profiles"] = probe.Hidden($"{Api}/profiles?search={Uri.EscapeDataString(alias)}"),
            ["POST /profiles"] = probe.Refused(HttpMethod.Post, $"{Api}/profiles", new { alias = "东宁借用", field = "Other", unitId = world.Ningan, consent = "NotInformed" }),
            ["GET /profiles/{id:guid}"] = probe.Missing(HttpMethod.Get, $"{Api}/profiles/{id}"),
            ["PUT /profiles/{id:guid}"] = probe.Missing(HttpMethod.Put, $"{Api}/profiles/{id}", new { alias = "东宁改名", field = "Other", unitId = world.Dongning, consent = "NotInformed" }),
            ["PUT /profiles/{id:guid}/followers"] = probe.Missing(HttpMethod.Put, $"{Api}/profiles/{id}/followers", new { platform = "Weibo", handle = "x", followers = 1 }),
            ["POST /profiles/{id:guid}/reveal"] = officer.Missing(HttpMethod.Post, $"{Api}/profiles/{id}/reveal", new { purpose = "跨县查看试探" }),
            ["POST /profiles/find-by-mobile"] = async () =>
                await officer.ShowsAsync(await world.DongningOfficer.PostAsJsonAsync($"{Api}/profiles/find-by-mobile", new { mobile = person.Mobile })),
            ["POST /profiles/{id:guid}/anonymise"] = officer.Missing(HttpMethod.Post, $"{Api}/profiles/{id}/anonymise", new { purpose = "跨县删除试探" }),
            ["GET /profiles/{id:guid}/processing"] = probe.Missing(HttpMethod.Get, $"{Api}/profiles/{id}/processing"),
            // The keys are the system administrator's, never a county's.
            ["PUT /profiles/{id:guid}/typical"] = probe.Missing(HttpMethod.Put, $"{Api}/profiles/{id}/typical", new { story = "东宁改写", recognisedOn = "2026-01-01" }),
            ["POST /profiles/{id:guid}/honours"] = probe.Missing(HttpMethod.Post, $"{Api}/profiles/{id}/honours", new { title = "东宁荣誉", level = "City", issuer = "东宁", awardedOn = "2026-01-01" }),
            ["PUT /profiles/{id:guid}/association"] = probe.Missing(HttpMethod.Put, $"{Api}/profiles/{id}/association", new { role = "会长", since = "2026-01-01" }),
            ["GET /good-netizens"] = probe.Hidden($"{Api}/good-netizens"),
            ["POST /interactions"] = probe.Refused(HttpMethod.Post, $"{Api}/interactions", new { kind = "Visit", on = "2026-01-02", profiles = new[] { id }, summary = "东宁走访" }),
            ["GET /profiles/{id:guid}/interactions"] = probe.Missing(HttpMethod.Get, $"{Api}/profiles/{id}/interactions"),
            ["POST /trips"] = probe.Refused(HttpMethod.Post, $"{Api}/trips", new { name = "东宁借用", from = "2026-01-10", to = "2026-01-12", unitId = world.Ningan }),
            ["GET /trips"] = probe.Hidden($"{Api}/trips"),
            ["GET /trips/{id:guid}"] = probe.Missing(HttpMethod.Get, $"{Api}/trips/{trip}"),
            ["POST /trips/{id:guid}/participants"] = probe.Missing(HttpMethod.Post, $"{Api}/trips/{trip}/participants", new { profiles = new[] { id } }),
            ["PUT /trips/{id:guid}/contents"] = probe.Missing(HttpMethod.Put, $"{Api}/trips/{trip}/contents", new { platform = "Weibo", url = "https://example.org/x", reads = 1, likes = 0 }),
            ["PUT /trips/{id:guid}/topics"] = probe.Missing(HttpMethod.Put, $"{Api}/trips/{trip}/topics", new { topic = "东宁", reads = 1 }),
            ["POST /trips/{id:guid}/close"] = probe.Missing(HttpMethod.Post, $"{Api}/trips/{trip}/close"),
            ["GET /summary"] = probe.Missing(HttpMethod.Get, $"{Api}/summary?unit={world.Ningan}&from=2026-01-01&to=2026-12-31"),
            ["GET /profiles/export"] = async () =>
            {
                var response = await world.DongningEditor.GetAsync($"{Api}/profiles/export");
                if (!response.IsSuccessStatusCode) return $"answered {(int)response.StatusCode}";
                using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
                var rows = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
                return rows.Any(r => (string?)r["网名"] == alias) ? "the workbook holds the other unit's personality" : null;
            },
            ["POST /personal-exports"] = officer.Answers(System.Net.HttpStatusCode.OK, HttpMethod.Post, $"{Api}/personal-exports", new { purpose = "东宁自己的导出" }),
            ["GET /personal-exports"] = officer.Hidden($"{Api}/personal-exports"),
            ["POST /personal-exports/{id:guid}/approve"] = officer.Missing(HttpMethod.Post, $"{Api}/personal-exports/{export}/approve"),
            ["GET /personal-exports/{id:guid}/export"] = officer.Missing(HttpMethod.Get, $"{Api}/personal-exports/{export}/export"),
            ["GET /duplicates"] = probe.Hidden($"{Api}/duplicates"),
            ["POST /profiles/{id:guid}/duplicate"] = probe.Missing(HttpMethod.Post, $"{Api}/profiles/{id}/duplicate", new { merge = true }),
            // An import naming 宁安市's unit code: the row is refused (the code is outside 东宁市), nothing stored.
            ["POST /profiles/import"] = async () =>
            {
                using var xlsx = new MemoryStream();
                MiniExcelLibs.MiniExcel.SaveAs(xlsx, new[] { new Dictionary<string, object> { ["网名"] = "东宁导入", ["联系单位编码"] = "231084" } });
                using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "s.xlsx" } };
                return ScopeProbe.Status(await world.DongningEditor.PostAsync($"{Api}/profiles/import", form), System.Net.HttpStatusCode.BadRequest);
            },
            ["GET /profiles/import/template"] = probe.Answers(System.Net.HttpStatusCode.OK, HttpMethod.Get, $"{Api}/profiles/import/template"), // no records in it
            ["GET /association"] = probe.Hidden($"{Api}/association"),
            ["POST /selections"] = probe.Refused(HttpMethod.Post, $"{Api}/selections", new
            {
                name = "东宁借用", honourTitle = "借用", unitId = world.Ningan, jurors = new[] { "admin" }, voteFrom = "2026-12-01", voteTo = "2026-12-02", winners = 1,
            }),
            ["GET /selections"] = probe.Hidden($"{Api}/selections"),
            ["GET /selections/{id:guid}"] = probe.Missing(HttpMethod.Get, $"{Api}/selections/{selection}"),
            ["POST /selections/{id:guid}/nominations"] = probe.Missing(HttpMethod.Post, $"{Api}/selections/{selection}/nominations", new { profileId = id, reason = "东宁推荐试探" }),
            ["POST /selections/{id:guid}/reviews"] = probe.Missing(HttpMethod.Post, $"{Api}/selections/{selection}/reviews", new { candidateId = Guid.NewGuid(), qualified = true, note = "东宁审查" }),
            ["POST /selections/{id:guid}/stage"] = probe.Missing(HttpMethod.Post, $"{Api}/selections/{selection}/stage", new { to = "Qualification" }),
            ["POST /selections/{id:guid}/scores"] = probe.Missing(HttpMethod.Post, $"{Api}/selections/{selection}/scores", new { candidateId = Guid.NewGuid(), score = 1 }),
            // Outside its subtree a campaign exists only in its publicity period (公示 is public).
            ["POST /selections/{id:guid}/objections"] = probe.Missing(HttpMethod.Post, $"{Api}/selections/{selection}/objections", new { candidateId = Guid.NewGuid(), text = "东宁异议试探" }),
            ["POST /selections/{id:guid}/objections/{objectionId:guid}/answer"] = probe.Missing(HttpMethod.Post,
                $"{Api}/selections/{selection}/objections/{Guid.NewGuid()}/answer", new { answer = "东宁答复", upheld = true }),
            // The public voting endpoints: a campaign not yet in voting does not exist for anyone.
            ["GET /vote/{id:guid}"] = probe.Missing(HttpMethod.Get, $"{Api}/vote/{selection}"),
            ["POST /vote/{id:guid}/code"] = probe.Missing(HttpMethod.Post, $"{Api}/vote/{selection}/code", new { mobile = "13912345678" }),
            ["POST /vote/{id:guid}/confirm"] = probe.Missing(HttpMethod.Post, $"{Api}/vote/{selection}/confirm", new { requestId = Guid.NewGuid(), code = "123456" }),
            ["POST /vote/{id:guid}/ballots"] = probe.Missing(HttpMethod.Post, $"{Api}/vote/{selection}/ballots", new { token = "x", candidateId = Guid.NewGuid() }),
            ["POST /keys/rotate"] = officer.Answers(System.Net.HttpStatusCode.Forbidden, HttpMethod.Post, $"{Api}/keys/rotate"),
        };
    }

    private Guid _id, _trip, _selection;

    protected override async Task AfterCasesAsync()
    {
        var profile = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{_id}");
        Assert.False(profile.GetProperty("anonymised").GetBoolean());
        var records = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{_id}/processing");
        Assert.Equal(1, records.GetArrayLength()); // collected; nothing revealed or erased from 东宁市
        Assert.Equal(0, profile.GetProperty("honours").GetArrayLength());
        Assert.Equal("理事", profile.GetProperty("association").GetProperty("role").GetString()); // unchanged by 东宁市
        var trip = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/trips/{_trip}");
        Assert.False(trip.GetProperty("closed").GetBoolean());
        Assert.Equal(0, trip.GetProperty("topics").GetArrayLength());
        var selection = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/selections/{_selection}");
        Assert.Equal("Nomination", selection.GetProperty("stage").GetString());
        Assert.Equal(0, selection.GetProperty("candidates").GetArrayLength());
        var list = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles?search=东宁借用");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }
}
