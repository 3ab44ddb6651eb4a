using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>A host with the directory, the registry and 宁安市's 镜泊湖冬捕 plugin: 牡丹江市 with 宁安市 and 东宁市, a city
/// administrator and an editor in each county.</summary>
public sealed class RegistryWorld(PostgresServer postgres) : IAsyncLifetime
{
    public const string Api = "/api/netizen-registry";
    public TestHost Host { get; private set; } = null!;
    public Guid City, Ningan, Dongning;
    public HttpClient CityAdmin = null!, NinganEditor = null!, DongningEditor = null!, NinganOfficer = null!, DongningOfficer = null!;

    public async ValueTask InitializeAsync()
    {
        Host = await TestHost.StartOnAsync(await postgres.CreateDatabaseAsync(),
            PluginFolder.With("directory", "netizen-registry").WithLocal("231084", "jingpo-winter-fishing"));
        City = await UnitAsync("231000", "牡丹江市", "City", null);
        Ningan = await UnitAsync("231084", "宁安市", "County", City);
        Dongning = await UnitAsync("231086", "东宁市", "County", City);
        CityAdmin = await Host.ClientForAsync(City, "CityAdmin");
        NinganEditor = await Host.ClientForAsync(Ningan, "Editor");
        DongningEditor = await Host.ClientForAsync(Dongning, "Editor");
        NinganOfficer = await Host.ClientForAsync(Ningan, "RegistryOfficer");
        DongningOfficer = await Host.ClientForAsync(Dongning, "RegistryOfficer");
    }

    public async Task<Guid> UnitAsync(string code, string name, string level, Guid? parentId)
    {
        var response = await Host.Client.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Registers a personality of the unit with one Douyin account.</summary>
    public async Task<JsonElement> ProfileAsync(HttpClient client, Guid unit, string alias, long followers = 5000, string field = "SelfMedia")
    {
        var response = await client.PostAsJsonAsync($"{Api}/profiles", new
        {
            alias, field, unitId = unit, consent = "Informed", consentOn = "2026-11-01",
            platforms = new[] { new { platform = "Douyin", handle = alias + "_dy", followers } }, tags = new[] { "冬捕" },
        });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Personal data no other test uses: a name, a mobile number, an e-mail address and a WeChat id.</summary>
    public static (string Name, string Mobile, string Email, string WeChat) NewPerson()
    {
        var n = Random.Shared.Next(10_000_000, 99_999_999);
        const string given = "明月清风朗晴霞光云海松涛";
        var name = "欧阳" + given[Random.Shared.Next(given.Length)] + given[Random.Shared.Next(given.Length)];
        return (name, $"139{n}", $"ouyang{n}@example.org", $"wx_ouyang{n}");
    }

    /// <summary>Registers a personality with personal data.</summary>
    public async Task<Guid> PersonAsync(HttpClient client, Guid unit, string alias, (string Name, string Mobile, string Email, string WeChat) person)
    {
        var response = await client.PostAsJsonAsync($"{Api}/profiles", new
        {
            alias, field = "OpinionLeader", unitId = unit, consent = "Consented", consentOn = "2026-11-20",
            platforms = new[] { new { platform = "Weibo", handle = alias + "_wb", followers = 120_000 } },
            contact = new { realName = person.Name, mobile = person.Mobile, email = person.Email, weChat = person.WeChat },
        });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Every row of every table of the database as text (the module's, the platform's audit and outbox too).</summary>
    public static async Task<string> EveryRowAsync(string connectionString)
    {
        await using var conn = new Npgsql.NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = new Npgsql.NpgsqlCommand("""
            select format('%I.%I', table_schema, table_name) from information_schema.tables
            where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var all = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var cmd = new Npgsql.NpgsqlCommand($"select coalesce(string_agg(t::text, '|'), '') from {table} t", conn);
            all.Append(table).Append(':').Append(await cmd.ExecuteScalarAsync()).Append('\n');
        }
        return all.ToString();
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
