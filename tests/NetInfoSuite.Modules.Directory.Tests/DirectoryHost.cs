using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.Directory.Tests;

/// <summary>One host with the directory plugin per test class; each test starts from an empty store.</summary>
public sealed class DirectoryHost(PostgresServer postgres) : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;
    public HttpClient Client => Host.Client;

    public async ValueTask InitializeAsync() => Host = await TestHost.StartAsync(postgres, ["directory"]);
    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>The calls the tests make, named as a user would name them.</summary>
public abstract class DirectoryTestBase(DirectoryHost fixture) : IAsyncLifetime
{
    protected HttpClient Client => fixture.Client;
    protected string ConnectionString => fixture.Host.ConnectionString;
    protected TestHost Host => fixture.Host;

    public async ValueTask InitializeAsync() => await fixture.Host.ResetDataAsync();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected Task<HttpResponseMessage> Create(string code, string name, string level, string? parentId = null) =>
        Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });

    protected async Task<string> CreateOk(string code, string name, string level, string? parentId = null)
    {
        var response = await Create(code, name, level, parentId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The small tree most tests need: 牡丹江市 → 东安区 → 新安街道 → 新兴社区, and 宁安市.</summary>
    protected async Task<Tree> CreateTree()
    {
        var city = await CreateOk("231000", "牡丹江市", "City");
        var dongan = await CreateOk("231002", "东安区", "County", city);
        var street = await CreateOk("231002001", "新安街道", "Street", dongan);
        var community = await CreateOk("231002001001", "新兴社区", "Community", street);
        var ningan = await CreateOk("231084", "宁安市", "County", city);
        return new Tree(city, dongan, street, community, ningan);
    }

    protected sealed record Tree(string City, string Dongan, string Street, string Community, string Ningan);

    /// <summary>Asserts a 400 whose errors name exactly this field; returns its zh-CN and en messages.</summary>
    protected static async Task<(string Zh, string En)> AssertRejected(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("localizedErrors");
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        return (errors.GetProperty("zh-CN").GetProperty(field)[0].GetString()!, errors.GetProperty("en").GetProperty(field)[0].GetString()!);
    }

    private static readonly string[] WorkbookHeaders = ["编码", "名称", "层级", "上级编码"];

    /// <summary>Uploads a workbook of these rows (编码, 名称, 层级, 上级编码) to 导入组织机构.</summary>
    protected Task<HttpResponseMessage> ImportWorkbook(params string[][] rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.Select(r => WorkbookHeaders.Zip(r).ToDictionary(p => p.First, p => (object)p.Second)).ToList());
        return UploadWorkbook(stream.ToArray());
    }

    protected Task<HttpResponseMessage> UploadWorkbook(byte[] bytes)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, "file", "组织机构.xlsx");
        return Client.PostAsync("/api/directory/import", content);
    }

    protected async Task<JsonElement> Get(string url) => await Client.GetFromJsonAsync<JsonElement>(url);
}
