using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace NetInfoSuite.Modules.Compliance.Websites;

/// <summary>Settings of the website checks: <c>Compliance:Websites:CheckEveryMinutes</c> (360 by default: four times a day),
/// <c>…:TimeoutSeconds</c> (15), <c>…:CertificateWarningDays</c> (30) and <c>…:AllowPrivateAddresses</c> (false: the
/// host never fetches loopback, private or link-local addresses, so a registered address cannot reach its own network).</summary>
internal sealed record WebsiteCheckOptions(TimeSpan Every, TimeSpan Timeout, int CertificateWarningDays, bool AllowPrivateAddresses)
{
    public static WebsiteCheckOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Compliance:Websites");
        return new(TimeSpan.FromMinutes(section.GetValue("CheckEveryMinutes", 360)), TimeSpan.FromSeconds(section.GetValue("TimeoutSeconds", 15)),
            section.GetValue("CertificateWarningDays", 30), section.GetValue("AllowPrivateAddresses", false));
    }
}

/// <summary>Checks one website's home page: reachable (an answer below 500 after at most five redirects), over HTTPS with a
/// certificate the system trusts and not expired or about to expire, showing its ICP filing number and no personal data.
/// Whether the page is stale is judged against the site's earlier checks (<see cref="WebsiteHandlers.Record"/>).</summary>
internal sealed class WebsiteChecker(WebsiteCheckOptions options, TimeProvider time)
{
    private const int MaxBytes = 2 * 1024 * 1024;

    public async Task<WebsiteCheck> CheckAsync(string address, string icpNumber, CancellationToken ct)
    {
        var problems = new List<WebsiteProblem>();
        X509Certificate2? certificate = null;
        var certificateErrors = SslPolicyErrors.None;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true, MaxAutomaticRedirections = 5, ConnectTimeout = options.Timeout, UseCookies = false,
            ConnectCallback = ConnectAsync,
            SslOptions = new SslClientAuthenticationOptions
            {
                // Look at the certificate and judge it below; the page is still read to check the footer.
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                {
                    certificate = cert is null ? null : new X509Certificate2(cert);
                    certificateErrors = errors;
                    return true;
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = options.Timeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("NetInfoSuite-WebsiteCheck/1.0");
        int? status = null;
        string page = "";
        Uri? final = null;
        DateTimeOffset? lastModified = null;
        // The whole check, the page's body included, ends at the timeout: a run's claim on the site is a lease that counts on it.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.Timeout);
        try
        {
            using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            status = (int)response.StatusCode;
            final = response.RequestMessage?.RequestUri;
            lastModified = response.Content.Headers.LastModified;
            await using var body = await response.Content.ReadAsStreamAsync(limit.Token);
            var buffer = new byte[MaxBytes];
            var read = 0;
            try
            {
                for (int n; read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), limit.Token)) > 0;) read += n;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { } // still arriving at the timeout: judged on what came
            page = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (HttpRequestException ex) when (ex.InnerException is RefusedAddressException)
        {
            problems.Add(WebsiteProblem.AddressRefused);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            problems.Add(WebsiteProblem.Unreachable);
        }
        var reachable = status is < 500;
        if (status is >= 500) problems.Add(WebsiteProblem.ServerError);
        var https = (final ?? new Uri(address)).Scheme == Uri.UriSchemeHttps;
        if (reachable && !https) problems.Add(WebsiteProblem.NoHttps);
        DateTimeOffset? expires = certificate is null ? null : new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var now = time.GetUtcNow();
        if (https && reachable)
        {
            // Untrusted and expiring are told apart: a self-signed certificate that also runs out soon needs both fixed.
            if (certificateErrors != SslPolicyErrors.None) problems.Add(WebsiteProblem.CertificateInvalid);
            if (expires is { } e && e <= now) problems.Add(WebsiteProblem.CertificateExpired);
            else if (expires is { } soon && soon - now < TimeSpan.FromDays(options.CertificateWarningDays)) problems.Add(WebsiteProblem.CertificateExpiring);
        }
        var icpShown = reachable && icpNumber.Length > 0 && Compact(page).Contains(Compact(icpNumber), StringComparison.OrdinalIgnoreCase);
        if (reachable && !icpShown) problems.Add(WebsiteProblem.IcpMissing);
        var personal = reachable ? PersonalData.Find(page) : [];
        if (personal.Count > 0) problems.Add(WebsiteProblem.PersonalData);
        return new WebsiteCheck(now, reachable, status, https, expires, icpShown, problems)
        {
            PageDigest = reachable && status is < 400 ? Digest(page) : null,
            PageChangedAt = lastModified is { } m && m < now ? m : null,
            PersonalData = personal,
        };
    }

    // The page's text without markup and whitespace: a changed script nonce or indentation is not an update.
    private static string Digest(string page) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Compact(PersonalData.TextOf(page)))));

    // The footer may break the number with spaces or tags' whitespace: compare without them.
    private static string Compact(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    // Connects only to public addresses (unless allowed), whatever the name resolves to at that moment.
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        var usable = addresses.Where(a => options.AllowPrivateAddresses || IsPublic(a)).ToArray();
        if (usable.Length == 0) throw new RefusedAddressException();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast) return false;
        if (address.AddressFamily != AddressFamily.InterNetwork) return true;
        var b = address.GetAddressBytes();
        return !(b[0] is 0 or 10 or 127 || b[0] == 169 && b[1] == 254 || b[0] == 172 && b[1] is >= 16 and <= 31 || b[0] == 192 && b[1] == 168
                 || b[0] == 100 && b[1] is >= 64 and <= 127 || b[0] >= 224);
    }

    private sealed class RefusedAddressException() : Exception("The address is not a public one.");
}
