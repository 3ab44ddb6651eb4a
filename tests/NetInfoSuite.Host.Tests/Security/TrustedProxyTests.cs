using System.Net;
using System.Net.Http.Json;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>Behind nginx every request comes from the proxy. With NetInfo:Proxy:KnownProxies the lock-out counts each
/// client's own address (X-Forwarded-For from that proxy); without it the header is ignored, so a client cannot pick
/// a fresh address for every guess.</summary>
public sealed class TrustedProxyTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Behind_a_known_proxy_one_clients_failures_lock_that_client_not_everyone_behind_the_proxy()
    {
        await using var host = await StartAsync("--NetInfo:Proxy:KnownProxies=127.0.0.1");
        await FailFromAsync(host.Client, "10.1.1.1", SignInService.MaxFailuresPerAddress);

        Assert.Contains("锁定", await SignInFromAsync(host.Client, "10.1.1.1", TestHost.AdminPassword));
        Assert.Equal("", await SignInFromAsync(host.Client, "10.1.1.2", TestHost.AdminPassword));
        Assert.Contains("10.1.1.1", host.Output); // the log names the client, not the proxy
    }

    [Fact]
    public async Task Without_a_known_proxy_the_forwarded_address_is_ignored()
    {
        await using var host = await StartAsync();
        await FailFromAsync(host.Client, "10.1.1.1", SignInService.MaxFailuresPerAddress);

        // Every guess counted against the connection's own address: a made-up header does not buy a new one.
        Assert.Contains("锁定", await SignInFromAsync(host.Client, "10.1.1.2", TestHost.AdminPassword));
    }

    private async Task<HostProcess> StartAsync(params string[] more)
    {
        var database = await postgres.CreateDatabaseAsync();
        var workDir = Directory.CreateTempSubdirectory("netinfo-proxy-").FullName;
        return await HostProcess.StartAsync(workDir, [$"--ConnectionStrings:Marten={database}", "--NetInfo:Modules=none",
            $"--NetInfo:Admin:InitialPassword={TestHost.AdminPassword}", .. more]);
    }

    // Different logins each time, so only the address's count can lock.
    private static async Task FailFromAsync(HttpClient client, string address, int times)
    {
        for (var i = 0; i < times; i++)
            Assert.Contains("不正确", await SignInFromAsync(client, address, "wrong-password", $"nobody{i}"));
    }

    /// <summary>"" when signed in, else the refusal's text.</summary>
    private static async Task<string> SignInFromAsync(HttpClient client, string address, string password, string login = "admin")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { login, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode == HttpStatusCode.OK ? "" : await response.Content.ReadAsStringAsync(Ct);
    }
}
