using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NetInfoSuite.Modules.Compliance.Tests;

/// <summary>A web server on 127.0.0.1 serving one page, over HTTPS with a self-signed certificate when asked: the sites the
/// website checks look at in tests (never the internet).</summary>
public sealed class LocalSite : IAsyncDisposable
{
    private WebApplication _app = null!;
    private int _requests;
    public string Address { get; private set; } = "";

    /// <summary>The page served; a test changes it to "update" the site.</summary>
    public string Html { get; set; } = "";

    /// <summary>How long the page takes to answer (a request cut off meanwhile gets nothing).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>How many requests reached the server.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <param name="certificateUntil">With <paramref name="https"/>: the self-signed certificate's end (10 days from now by default).</param>
    public static async Task<LocalSite> StartAsync(string html, int status = 200, bool https = false, DateTimeOffset? certificateUntil = null)
    {
        var site = new LocalSite { Html = html };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = https ? SelfSigned(certificateUntil ?? DateTimeOffset.UtcNow.AddDays(10)) : null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => { if (certificate is not null) l.UseHttps(certificate); }));
        var app = builder.Build();
        app.Run(async http =>
        {
            Interlocked.Increment(ref site._requests);
            if (site.Delay > TimeSpan.Zero) await Task.Delay(site.Delay, http.RequestAborted);
            http.Response.StatusCode = status;
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(site.Html);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        (site._app, site.Address) = (app, address.TrimEnd('/') + "/");
        return site;
    }

    /// <summary>An address where nothing listens (a server started and stopped).</summary>
    public static async Task<string> DeadAddressAsync()
    {
        await using var site = await StartAsync("");
        return site.Address;
    }

    private static X509Certificate2 SelfSigned(DateTimeOffset until)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(until.AddDays(-60), until);
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
