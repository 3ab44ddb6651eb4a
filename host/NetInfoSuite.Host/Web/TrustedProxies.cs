using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace NetInfoSuite.Host.Web;

/// <summary>Behind a reverse proxy every request comes from the proxy's address, so the sign-in lock-out and the public
/// voting limit, which count per client address, would count the whole city as one client. NetInfo:Proxy:KnownProxies
/// (addresses) and NetInfo:Proxy:KnownNetworks (CIDR) name the proxies whose X-Forwarded-For / X-Forwarded-Proto are
/// believed; from anyone else the headers are ignored (a client cannot choose its own address). Not set: off.</summary>
public static class TrustedProxies
{
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, IConfiguration config)
    {
        var proxies = List(config, "NetInfo:Proxy:KnownProxies");
        var networks = List(config, "NetInfo:Proxy:KnownNetworks");
        if (proxies.Count == 0 && networks.Count == 0) return app;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                : throw new InvalidOperationException($"NetInfo:Proxy:KnownProxies: '{proxy}' is not an IP address."));
        foreach (var network in networks)
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                : throw new InvalidOperationException($"NetInfo:Proxy:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8."));
        return app.UseForwardedHeaders(options);
    }

    // A list given as an array (appsettings) or as one comma-separated value (command line, environment).
    private static List<string> List(IConfiguration config, string key) =>
        (config[key] is { } one ? one.Split(',') : config.GetSection(key).GetChildren().Select(c => c.Value ?? ""))
        .Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
}
