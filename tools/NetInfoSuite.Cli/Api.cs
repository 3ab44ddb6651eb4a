using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetInfoSuite.Cli;

/// <summary>A refused request, as the host explained it: its problem title and each field's errors (no stack trace
/// for the operator).</summary>
public sealed class ApiException(string request, int status, string title, IReadOnlyDictionary<string, string[]> errors)
    : Exception($"{request} → {status} {title}")
{
    public string Request { get; } = request;
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The host's public HTTP API, as any client uses it: a bearer token from POST /api/auth/token, JSON with enum
/// names, Excel uploads as multipart forms. Answers come in Chinese (Accept-Language: zh-CN).</summary>
public sealed class NetInfoApi(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public HttpClient Http { get; } = http;

    // The refresh token of the pair in use: a seed longer than an access token lives (the province's, ~30 min) trades it
    // for a new pair on a 401 and goes on; one trade at a time, since a refresh token reused ends the sign-in.
    private string? _refreshToken;
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    public static NetInfoApi For(Uri url) =>
        new(new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(10) });

    public async Task SignInAsync(string login, string password, CancellationToken ct = default)
    {
        UseTokens(await PostAsync("/api/auth/token", new { login, password }, ct));
    }

    /// <summary>Sends the access token of this pair (from sign-in, refresh or a password change) and keeps its refresh token.</summary>
    public void UseTokens(JsonElement tokens)
    {
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        _refreshToken = tokens.TryGetProperty("refreshToken", out var refresh) ? refresh.GetString() : null;
    }

    // After a 401: a new pair, unless another request already traded the one this request was sent with.
    private async Task<bool> RefreshAsync(AuthenticationHeaderValue? sentWith, CancellationToken ct)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            if (Http.DefaultRequestHeaders.Authorization?.Parameter != sentWith?.Parameter) return true;
            if (_refreshToken is not { } refresh) return false;
            using var response = await Http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh }, ct);
            if (!response.IsSuccessStatusCode) return false;
            UseTokens(JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone());
            return true;
        }
        finally { _refreshing.Release(); }
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken ct = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), ct);

    public Task<JsonElement> PostAsync(string path, object body, CancellationToken ct = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) }, ct);

    public Task<JsonElement> PutAsync(string path, object body, CancellationToken ct = default) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) }, ct);

    public Task<JsonElement> UploadAsync(string path, byte[] workbook, string fileName, CancellationToken ct = default) =>
        SendAsync(() =>
        {
            var file = new ByteArrayContent(workbook);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            return new HttpRequestMessage(HttpMethod.Post, path) { Content = new MultipartFormDataContent { { file, "file", fileName } } };
        }, ct);

    /// <summary>Every item of a paged list (<c>{items, total}</c>), <paramref name="pageSize"/> at a time.</summary>
    public async Task<List<JsonElement>> GetAllAsync(string path, CancellationToken ct = default, int pageSize = 500)
    {
        var all = new List<JsonElement>();
        var separator = path.Contains('?') ? '&' : '?';
        for (var page = 1; ; page++)
        {
            var answer = await GetAsync($"{path}{separator}page={page}&pageSize={pageSize}", ct);
            var items = answer.GetProperty("items").EnumerateArray().ToList();
            all.AddRange(items);
            if (items.Count < pageSize || all.Count >= answer.GetProperty("total").GetInt64()) return all;
        }
    }

    /// <summary>The ids of the modules this host has loaded (a module not deployed is not among them).</summary>
    public async Task<HashSet<string>> LoadedModulesAsync(CancellationToken ct = default) =>
        (await GetAsync("/api/modules", ct)).EnumerateArray().Where(m => m.GetProperty("status").GetString() == "loaded")
        .Select(m => m.GetProperty("id").GetString()!).ToHashSet();

    /// <summary>A file the host answers with (a workbook export), as bytes.</summary>
    public async Task<byte[]> DownloadAsync(string path, CancellationToken ct = default) =>
        await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), response => response.Content.ReadAsByteArrayAsync(ct), ct);

    private Task<JsonElement> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct) =>
        SendAsync(build, async response =>
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }, ct);

    private async Task<T> SendAsync<T>(Func<HttpRequestMessage> build, Func<HttpResponseMessage, Task<T>> read, CancellationToken ct)
    {
        var sentWith = Http.DefaultRequestHeaders.Authorization;
        using var request = build();
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var response = await Http.SendAsync(request, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized && sentWith is not null && await RefreshAsync(sentWith, ct))
        {
            response.Dispose();
            using var again = build(); // a request message is sent once
            again.Headers.AcceptLanguage.ParseAdd("zh-CN");
            response = await Http.SendAsync(again, ct);
        }
        using var _ = response;
        if (!response.IsSuccessStatusCode)
            throw Refused($"{request.Method} {request.RequestUri}", (int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        return await read(response);
    }

    private static ApiException Refused(string request, int status, string body)
    {
        var title = status switch { 401 => "未登录或登录已过期", 403 => "没有权限", 404 => "不存在", _ => "请求被拒绝" };
        var errors = new Dictionary<string, string[]>();
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            if (problem.TryGetProperty("title", out var t) && t.GetString() is { Length: > 0 } given) title = given;
            if (problem.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                foreach (var field in e.EnumerateObject())
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray() : [field.Value.ToString()];
            else if (problem.TryGetProperty("detail", out var d) && d.GetString() is { Length: > 0 } detail) errors[""] = [detail];
        }
        catch (JsonException)
        {
            if (body.Length > 0) errors[""] = [body.Length > 300 ? body[..300] + "…" : body];
        }
        return new ApiException(request, status, title, errors);
    }
}
