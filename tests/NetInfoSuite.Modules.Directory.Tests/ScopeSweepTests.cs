using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.Directory.Tests;

/// <summary>The test kit's scope sweep for the org tree: 东安区's county admin reaches none of 宁安市's units.</summary>
public sealed class ScopeSweepTests(DirectoryHost fixture) : ScopeSweep("directory"), IClassFixture<DirectoryHost>
{
    private const string Api = "/api/directory";

    protected override TestHost Host => fixture.Host;

    protected override async Task<IReadOnlyDictionary<string, ScopeCase>> CasesAsync()
    {
        var city = await Create("231000", "牡丹江市", "City", null);
        var dongan = await Create("231002", "东安区", "County", city);
        var ningan = await Create("231084", "宁安市", "County", city);
        var street = await Create("231084001", "宁安范围街道", "Street", ningan);
        var outsider = await Host.ClientForAsync(dongan, "CountyAdmin");
        var probe = new ScopeProbe(outsider, "宁安", ningan.ToString(), street.ToString());
        var (get, post, put) = (HttpMethod.Get, HttpMethod.Post, HttpMethod.Put);
        return new Dictionary<string, ScopeCase>
        {
            ["GET /units"] = probe.Hidden($"{Api}/units?pageSize=500&includeInactive=true"),
            ["GET /units/{id:guid}"] = probe.Missing(get, $"{Api}/units/{street}"),
            ["GET /units/by-code/{code}"] = probe.Missing(get, $"{Api}/units/by-code/231084001"),
            ["GET /units/{id:guid}/subtree"] = probe.Missing(get, $"{Api}/units/{ningan}/subtree"),
            ["POST /units"] = probe.Refused(post, $"{Api}/units", new { code = "231084002", name = "东安越权街道", level = "Street", parentId = ningan }),
            ["PUT /units/{id:guid}/name"] = probe.Missing(put, $"{Api}/units/{street}/name", new { name = "东安改名" }),
            ["PUT /units/{id:guid}/parent"] = probe.Missing(put, $"{Api}/units/{street}/parent", new { parentId = dongan }),
            ["POST /units/{id:guid}/deactivate"] = probe.Missing(post, $"{Api}/units/{street}/deactivate"),
            ["GET /import/template"] = probe.Hidden($"{Api}/import/template"), // headers and an example line, nobody's data
            ["GET /export"] = async () =>
            {
                var response = await outsider.GetAsync($"{Api}/export");
                response.EnsureSuccessStatusCode();
                using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
                return MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>()
                    .Any(r => r.Values.Any(v => v?.ToString()?.Contains("宁安") == true)) ? "the workbook holds 宁安's units" : null;
            },
            ["POST /import"] = async () =>
            {
                using var xlsx = new MemoryStream();
                MiniExcelLibs.MiniExcel.SaveAs(xlsx, new[] { new Dictionary<string, object> { ["编码"] = "231084003", ["名称"] = "东安越权", ["层级"] = "乡镇（街道）", ["上级编码"] = "231084" } });
                using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "units.xlsx" } };
                return ScopeProbe.Status(await outsider.PostAsync($"{Api}/import", form), HttpStatusCode.BadRequest);
            },
        };
    }

    private async Task<Guid> Create(string code, string name, string level, Guid? parentId)
    {
        var response = await Host.Client.PostAsJsonAsync($"{Api}/units", new { code, name, level, parentId });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
