using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NetInfoSuite.Testing;

/// <summary>A browser-like client: keeps the cookies the host sets and sends them back
/// (the in-memory test server does not).</summary>
public sealed class CookieClient(TestHost host)
{
    private readonly HttpClient _client = host.NewClient();
    private readonly CookieContainer _cookies = new();
    private static readonly Uri Base = new("http://localhost/");

    /// <summary>The Set-Cookie headers of the last answer that set any.</summary>
    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    public Task<HttpResponseMessage> Get(string url) => Send(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>A GET as a browser's address bar sends it: asking for HTML.</summary>
    public Task<HttpResponseMessage> Navigate(string url) =>
        Send(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Accept", "text/html,application/xhtml+xml,*/*;q=0.8" } } });

    public Task<HttpResponseMessage> PostJson(string url, object body, string? antiforgery = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (antiforgery is not null) request.Headers.Add("X-CSRF-TOKEN", antiforgery);
        return Send(request);
    }

    /// <summary>Posts a server-rendered form as a browser would: its antiforgery field and form name included.</summary>
    public Task<HttpResponseMessage> SubmitForm(string pageUrl, string formName, params (string Name, string Value)[] fields) =>
        SubmitForm(pageUrl, pageUrl, formName, fields);

    /// <summary>The same for a form on <paramref name="pageUrl"/> that posts to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> SubmitForm(string pageUrl, string action, string formName, params (string Name, string Value)[] fields)
    {
        var page = await (await Get(pageUrl)).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page,
            "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var form = new List<KeyValuePair<string, string>> { new("_handler", formName), new("__RequestVerificationToken", token) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await Send(new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(form) });
    }

    public async Task<string> AntiforgeryToken() =>
        (await (await Get("/api/auth/antiforgery")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request)
    {
        var header = _cookies.GetCookieHeader(Base);
        if (header.Length > 0) request.Headers.Add("Cookie", header);
        var response = await _client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            LastSetCookies = setCookies.ToList();
            foreach (var c in LastSetCookies) _cookies.SetCookies(Base, c);
        }
        return response;
    }
}
