using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>The documented key rotation (README, ADR 0028): add a key and make it active, rotate, then remove the old
/// key. Three hosts on one database, as a deployment restarted with new settings.</summary>
public sealed class KeyRotationTests(PostgresServer postgres)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rotating_reseals_every_value_under_the_new_key_and_recomputes_the_index_so_the_old_key_can_go()
    {
        var database = await postgres.CreateDatabaseAsync();
        var (k1, k2, i1, i2) = (NewKey(), NewKey(), NewKey(), NewKey());
        var person = NewPerson();
        Guid city, id;

        await using (var first = await Start(database, ("k2025", k1), "k2025", i1))
        {
            city = (await (await first.Client.PostAsJsonAsync("/api/directory/units", new { code = "231000", name = "牡丹江市", level = "City" }, Ct))
                .Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            var editor = await first.ClientForAsync(city, "Editor");
            var created = await editor.PostAsJsonAsync($"{Api}/profiles", new
            {
                alias = "轮换测试", field = "Streamer", unitId = city, consent = "Consented", consentOn = "2026-11-01",
                contact = new { realName = person.Name, mobile = person.Mobile, email = person.Email, weChat = person.WeChat },
            }, Ct);
            id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            Assert.Equal(4, Count(await Row(first, id), "\"k2025\""));
        }

        await using (var second = await Start(database, [("k2025", k1), ("k2026", k2)], "k2026", i2))
        {
            var officer = await second.ClientForAsync(city, "RegistryOfficer");
            // The index key changed: the number is found again only once the index is recomputed.
            Assert.Equal(0, await Found(officer, person.Mobile));
            Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync($"{Api}/keys/rotate", null, Ct)).StatusCode);

            var rotated = await second.Client.PostAsync($"{Api}/keys/rotate", null, Ct);

            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            var result = await rotated.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("k2026", result.GetProperty("activeKey").GetString());
            Assert.Equal(1, result.GetProperty("resealed").GetInt32());
            var row = await Row(second, id);
            Assert.Equal(0, Count(row, "\"k2025\""));
            Assert.Equal(4, Count(row, "\"k2026\""));
            Assert.Equal(1, await Found(officer, person.Mobile));
            var again = await (await second.Client.PostAsync($"{Api}/keys/rotate", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(0, again.GetProperty("resealed").GetInt32()); // nothing left under the old key
        }

        await using (var third = await Start(database, [("k2026", k2)], "k2026", i2))
        {
            var officer = await third.ClientForAsync(city, "RegistryOfficer");
            var revealed = await officer.PostAsJsonAsync($"{Api}/profiles/{id}/reveal", new { purpose = "密钥轮换后核对" }, Ct);
            Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
            var contact = await revealed.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(person.Name, contact.GetProperty("realName").GetString());
            Assert.Equal(person.Mobile, contact.GetProperty("mobile").GetString());
            Assert.Equal(1, await Found(officer, person.Mobile));
        }
    }

    [Fact]
    public async Task A_key_setting_that_is_not_32_bytes_of_base64_keeps_the_module_from_loading_and_says_why()
    {
        await using var host = await Start(await postgres.CreateDatabaseAsync(), [("k1", "c2hvcnQ=")], "k1", NewKey());
        var modules = await host.Client.GetStringAsync("/api/modules", Ct);
        Assert.Contains("NetizenRegistry:Keys:k1", modules);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"{Api}/profiles", Ct)).StatusCode);
    }

    private Task<TestHost> Start(string database, (string Id, string Key) key, string active, string index) => Start(database, [key], active, index);

    private static Task<TestHost> Start(string database, (string Id, string Key)[] keys, string active, string index) =>
        TestHost.StartOnAsync(database, PluginFolder.With("directory", "netizen-registry"),
            keys.Select(k => ($"NetizenRegistry:Keys:{k.Id}", k.Key)).Append(("NetizenRegistry:ActiveKey", active)).Append(("NetizenRegistry:IndexKey", index)).ToArray());

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    private async Task<int> Found(HttpClient client, string mobile) =>
        (await (await client.PostAsJsonAsync($"{Api}/profiles/find-by-mobile", new { mobile }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetArrayLength();

    private async Task<string> Row(TestHost host, Guid id)
    {
        await using var conn = new Npgsql.NpgsqlConnection(host.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new Npgsql.NpgsqlCommand("select data::text from netizen_registry.mt_doc_profile where id = $1", conn) { Parameters = { new() { Value = id } } };
        return (string)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
