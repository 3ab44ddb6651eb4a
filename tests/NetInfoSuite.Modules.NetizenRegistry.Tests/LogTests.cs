using System.Net.Http.Json;
using NetInfoSuite.Testing;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>The log of a host at its most talkative holds no personal data: requests are logged by type, refusals
/// by message, and the registry's requests and validators never print a value.</summary>
public sealed class LogTests(PostgresServer postgres)
{
    [Fact]
    public async Task Registering_finding_revealing_and_refusing_personal_data_writes_none_of_it_to_the_log()
    {
        var ct = TestContext.Current.CancellationToken;
        var person = NewPerson();
        var log = new StringWriter();
        var console = Console.Out;
        Console.SetOut(TextWriter.Synchronized(new Tee(console, log)));
        try
        {
            await using var host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(), PluginFolder.With("directory", "netizen-registry"),
                ("Serilog:MinimumLevel:Default", "Verbose"), ("Serilog:MinimumLevel:Override:Microsoft", "Verbose"));
            var city = await (await host.Client.PostAsJsonAsync("/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" }, ct))
                .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);
            var unit = city.GetProperty("id").GetGuid();
            var editor = await host.ClientForAsync(unit, "Editor");
            var officer = await host.ClientForAsync(unit, "RegistryOfficer");
            var created = await editor.PostAsJsonAsync($"{Api}/profiles", new
            {
                alias = "日志测试", field = "Other", unitId = unit, consent = "NotInformed",
                contact = new { realName = person.Name, mobile = person.Mobile, email = person.Email, weChat = person.WeChat },
            }, ct);
            var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetGuid();
            await editor.PostAsJsonAsync($"{Api}/profiles/find-by-mobile", new { mobile = person.Mobile }, ct);
            await officer.PostAsJsonAsync($"{Api}/profiles/{id}/reveal", new { purpose = "日志核查用途" }, ct);
            // Refused ones: a bad number and a bad address beside a real name.
            await editor.PostAsJsonAsync($"{Api}/profiles", new
            {
                alias = "日志测试二", field = "Other", unitId = unit, consent = "NotInformed",
                contact = new { realName = person.Name, mobile = person.Mobile + "9", email = person.WeChat },
            }, ct);
            Assert.Contains("RevealContact", log.ToString()); // the log was captured at all
        }
        finally
        {
            Console.SetOut(console);
        }

        var text = log.ToString();
        foreach (var secret in new[] { person.Name, person.Mobile, person.Email, person.WeChat })
            Assert.DoesNotContain(secret, text);
    }

    private sealed class Tee(TextWriter first, TextWriter second) : TextWriter
    {
        public override System.Text.Encoding Encoding => first.Encoding;
        public override void Write(char value) { first.Write(value); second.Write(value); }
        public override void Write(string? value) { first.Write(value); second.Write(value); }
        public override void WriteLine(string? value) { first.WriteLine(value); second.WriteLine(value); }
    }
}
