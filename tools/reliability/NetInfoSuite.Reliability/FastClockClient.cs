using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;

/// <summary>A client of a host on a fast fake clock, signed in as one user. An access token lives 30 simulated minutes,
/// which are seconds of real time there: the token is refreshed (refresh token, no password hashing) once half its
/// real lifetime has passed, and once more on a 401 with the request sent again.</summary>
internal sealed class FastClockClient : DelegatingHandler
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly double _speed;
    private readonly HttpClient _auth;
    private string _access = "", _refresh = "";
    private DateTime _refreshAt;

    private FastClockClient(Uri host, double speed) : base(new HttpClientHandler())
    {
        _speed = speed;
        _auth = new HttpClient { BaseAddress = host, Timeout = TimeSpan.FromSeconds(120) };
    }

    /// <summary>A client of <paramref name="host"/> signed in as <paramref name="login"/>.</summary>
    public static async Task<HttpClient> SignInAsync(HostProcess host, double speed, string login, string password)
    {
        var handler = new FastClockClient(host.Client.BaseAddress!, speed);
        handler.Take(await Rig.Json(handler._auth.PostAsJsonAsync("/api/auth/token", new { login, password })));
        return new HttpClient(handler) { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    private void Take(JsonElement pair)
    {
        _access = pair.GetProperty("accessToken").GetString()!;
        _refresh = pair.GetProperty("refreshToken").GetString()!;
        _refreshAt = DateTime.UtcNow + TimeSpan.FromSeconds(pair.GetProperty("expiresIn").GetInt32() / _speed / 2);
    }

    private async Task RefreshAsync(string stale)
    {
        await _turn.WaitAsync();
        try
        {
            if (_access != stale) return; // another request refreshed it meanwhile
            Take(await Rig.Json(_auth.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = _refresh })));
        }
        finally { _turn.Release(); }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (DateTime.UtcNow >= _refreshAt) await RefreshAsync(_access);
        var used = _access;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", used);
        var response = await base.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        // Expired in flight (the host was busy and simulated time ran on): once more with a fresh token.
        response.Dispose();
        await RefreshAsync(used);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _access);
        return await base.SendAsync(request, ct);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _auth.Dispose();
        base.Dispose(disposing);
    }
}
