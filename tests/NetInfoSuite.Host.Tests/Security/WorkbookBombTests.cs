using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>A small upload that unpacks to something huge is refused before any module opens it (issue 14: a
/// 300 KB workbook holding one 300 MB cell raised the host's memory by 2 GB).</summary>
public sealed class WorkbookBombTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    private static byte[] Zip(params (string Name, Action<Stream> Write)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, write) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                write(stream);
            }
        return buffer.ToArray();
    }

    private static Action<Stream> Text(string prefix, char fill, long count, string suffix) => stream =>
    {
        stream.Write(Encoding.UTF8.GetBytes(prefix));
        var block = Encoding.UTF8.GetBytes(new string(fill, 64 * 1024));
        for (long written = 0; written < count; written += block.Length) stream.Write(block);
        stream.Write(Encoding.UTF8.GetBytes(suffix));
    };

    private async Task<(HttpStatusCode Status, string Body)> Upload(byte[] file)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", "组织机构.xlsx");
        var response = await fixture.Host.Client.PostAsync("/api/directory/import", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_workbook_that_unpacks_past_the_limit_is_refused()
    {
        var bomb = Zip(("xl/sharedStrings.xml", Text("<sst><si><t>", 'a', 150L * 1024 * 1024, "</t></si></sst>")));
        Assert.True(bomb.Length < 1024 * 1024);

        var (status, body) = await Upload(bomb);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"file\"", body);
        Assert.Contains("100 MB", body);
    }

    [Fact]
    public async Task A_cell_longer_than_Excel_allows_is_refused()
    {
        var (status, body) = await Upload(Zip(("xl/sharedStrings.xml", Text("<sst><si><t>", '长', 200_000, "</t></si></sst>"))));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("32767", body);
    }

    [Fact]
    public async Task Exported_text_that_looks_like_a_formula_goes_out_as_text_and_reimports_unchanged()
    {
        const string name = "=HYPERLINK(\"http://evil.example\",\"点此\")";
        (await fixture.Host.Client.PostAsJsonAsync("/api/directory/units",
            new { code = "231097", name, level = "County", parentId = fixture.City })).EnsureSuccessStatusCode();

        var file = await fixture.Host.Client.GetByteArrayAsync("/api/directory/export");
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(file), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => (string?)r["名称"] == "'" + name);
        Assert.DoesNotContain(rows, r => (string?)r["名称"] == name);

        var (status, _) = await Upload(file);
        Assert.Equal(HttpStatusCode.OK, status);
        var unit = await fixture.Host.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/directory/units/by-code/231097");
        Assert.Equal(name, unit.GetProperty("name").GetString());
    }
}
