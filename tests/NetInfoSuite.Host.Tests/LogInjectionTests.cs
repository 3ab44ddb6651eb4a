using Microsoft.Extensions.Configuration;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>Issue 14: CR/LF and ANSI escapes in a login wrote forged lines into the log.</summary>
public sealed class LogInjectionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_login_with_line_breaks_and_escapes_stays_on_one_line(bool json)
    {
        var output = new StringWriter();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["NetInfo:Logging:Json"] = json.ToString() }).Build();
        var log = HostLogging.Create(config, output);

        log.Warning("Failed sign-in for {Login} from {Address}", "x\r\n[12:00:00 INF] admin signed in\u001b[0m", "10.0.0.1");
        ((IDisposable)log).Dispose();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.DoesNotContain('\u001b', lines[0]);
        Assert.Contains(json ? "\\\\u000d\\\\u000a" : "\\u000d\\u000a", lines[0]);
    }
}
