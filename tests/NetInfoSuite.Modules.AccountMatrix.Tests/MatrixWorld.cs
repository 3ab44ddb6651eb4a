using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>A host with the directory, account-matrix and grid-dispatch plugins and a test connector that sends to
/// Bilibili and Kuaishou: 牡丹江市 with 宁安市 and 东宁市, a city administrator and an editor in each county.</summary>
public sealed class MatrixWorld(PostgresServer postgres) : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;
    public static readonly string[] Plugins = ["directory", "account-matrix", "grid-dispatch", "test-connector"];
    public Guid City, Ningan, Dongning;
    public HttpClient CityAdmin = null!, NinganEditor = null!, DongningEditor = null!;

    public async ValueTask InitializeAsync()
    {
        // One configured dormant threshold (county service accounts: 30 days) beside the national 14.
        // Sending runs when a test asks: the minute's scheduled run would race the tests that count what a run sent.
        Host = await TestHost.StartAsync(postgres, Plugins, ("AccountMatrix:Dormant:Service:County", "30"), ("NetInfo:RecurringWork:Off", "account-matrix publishing"));
        City = await Unit("231000", "牡丹江市", "City", null);
        Ningan = await Unit("231084", "宁安市", "County", City);
        Dongning = await Unit("231086", "东宁市", "County", City);
        CityAdmin = await Host.ClientForAsync(City, "CityAdmin");
        NinganEditor = await Host.ClientForAsync(Ningan, "Editor");
        DongningEditor = await Host.ClientForAsync(Dongning, "Editor");
    }

    /// <summary>Registers an account for the unit (as its editor) and, as the city, files and activates it.</summary>
    public async Task<Guid> ActiveAccountAsync(HttpClient owner, Guid unit, string name, string platform, string category = "Government", string? secondReason = null)
    {
        var registered = await owner.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name, platform, handle = name, category, ownerUnitId = unit, verified = true, secondAccountReason = secondReason,
            licence = category == "News" ? new { number = "23120230001", issuer = "黑龙江省委网信办", validFrom = "2024-01-01", validTo = "2030-12-31" } : null,
        });
        if (!registered.IsSuccessStatusCode) throw new InvalidOperationException(await registered.Content.ReadAsStringAsync());
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var to in new[] { "Filed", "Active" })
            (await CityAdmin.PostAsJsonAsync($"/api/account-matrix/accounts/{id}/status", new { to })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Posts rows as an .xlsx workbook to an import endpoint.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, IEnumerable<Dictionary<string, object>> rows)
    {
        using var xlsx = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(xlsx, rows);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "upload.xlsx" } };
        return await client.PostAsync(url, form);
    }

    /// <summary>The rows of a downloaded workbook, by header.</summary>
    public static async Task<List<IDictionary<string, object?>>> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        // Data rows only: an empty export is its header row over one blank line.
        return MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Where(r => r.Values.Any(v => !string.IsNullOrEmpty(v?.ToString()))).ToList();
    }

    public async Task<Guid> UnitAsync(string code, string name, string level, Guid? parentId) => await Unit(code, name, level, parentId);

    private async Task<Guid> Unit(string code, string name, string level, Guid? parentId)
    {
        var response = await Host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
