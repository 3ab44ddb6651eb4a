using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Testing;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>Issue 14's audit holes: a street-level auditor read the whole county's trail, sign-ins were recorded
/// under the city with no unit, exports and HTTP-level 403s left no record, TRUNCATE emptied the table.</summary>
public sealed class AuditCoverageTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    private static async Task<List<JsonElement>> Records(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/audit?pageSize=500&" + query)).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Sign_ins_carry_the_users_tenant_and_unit_and_a_street_auditor_sees_only_its_subtree()
    {
        var login = "a" + Guid.NewGuid().ToString("N")[..10];
        (await fixture.Host.Client.PostAsJsonAsync("/api/users", new { login, name = "区用户", orgUnitId = fixture.Dongan,
            roles = new[] { "Viewer" }, password = "Right#Pass-1", temporary = false })).EnsureSuccessStatusCode();
        await fixture.Host.NewClient().SignInAsync(login, "Right#Pass-1");

        var signIn = (await Records(fixture.Host.Client, $"action=SignIn&login={login}")).Single();
        Assert.Equal("231002", signIn.GetProperty("tenant").GetString());
        Assert.Equal(fixture.Dongan, signIn.GetProperty("orgUnitId").GetGuid());

        var countyAuditor = await fixture.Host.ClientForAsync(fixture.Dongan, "Auditor");
        var streetAuditor = await fixture.Host.ClientForAsync(fixture.Street, "Auditor");
        Assert.Single(await Records(countyAuditor, $"action=SignIn&login={login}"));
        Assert.Empty(await Records(streetAuditor, $"action=SignIn&login={login}"));
        Assert.All(await Records(streetAuditor, ""), r => Assert.Equal(fixture.Street, r.GetProperty("orgUnitId").GetGuid()));
    }

    [Fact]
    public async Task Exports_and_refusals_by_permission_leave_records()
    {
        var viewer = await fixture.Host.ClientForAsync(fixture.City, "Viewer");
        var me = (await viewer.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("login").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Host.Client.GetAsync("/api/directory/export")).StatusCode);

        Assert.Contains(await Records(fixture.Host.Client, $"action=Forbidden&login={me}"),
            r => r.GetProperty("targetId").GetString() == "GET /api/users" && r.GetProperty("outcome").GetString() == "Rejected");
        Assert.Contains(await Records(fixture.Host.Client, "action=Export&login=admin"),
            r => r.GetProperty("targetId").GetString() == "GET /api/directory/export");
    }

    [Fact]
    public async Task The_audit_table_refuses_truncate()
    {
        await using var conn = new NpgsqlConnection(fixture.Host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marten"));
        await conn.OpenAsync();
        var truncate = await Assert.ThrowsAsync<PostgresException>(() =>
            new NpgsqlCommand("truncate platform.audit_trail", conn).ExecuteNonQueryAsync());
        Assert.Contains("append-only", truncate.MessageText);
        // One month's partition on its own too: the parent's trigger does not fire for it.
        var partition = await Assert.ThrowsAsync<PostgresException>(() =>
            new NpgsqlCommand("truncate platform.audit_trail_default", conn).ExecuteNonQueryAsync());
        Assert.Contains("append-only", partition.MessageText);
    }
}
