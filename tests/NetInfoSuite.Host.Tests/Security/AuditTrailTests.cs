using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

public sealed class AuditTrailTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    private async Task<JsonElement[]> RecordsFor(string action, string login) =>
        (await fixture.Host.Client.GetFromJsonAsync<JsonElement>($"/api/audit?action={action}&login={login}&pageSize=500"))
        .GetProperty("items").EnumerateArray().ToArray();

    [Fact]
    public async Task Every_command_leaves_exactly_one_record_with_its_outcome()
    {
        var admin = await fixture.Host.ClientForAsync(fixture.City, "CityAdmin");
        var adminLogin = (await admin.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("login").GetString()!;

        var ok = await admin.PostAsJsonAsync("/api/directory/units", new { code = "231005", name = "西安区", level = "County", parentId = fixture.City });
        var invalid = await admin.PostAsJsonAsync("/api/directory/units", new { code = "", name = "", level = "County", parentId = fixture.City });
        await admin.GetAsync("/api/directory/units"); // a query: no record
        var id = (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var records = await RecordsFor("CreateOrgUnit", adminLogin);
        Assert.Equal(2, records.Length);
        Assert.Equal(["Rejected", "Ok"], records.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal(id, records[1].GetProperty("targetId").GetString());
        Assert.Equal(invalid.Headers.GetValues("X-Correlation-Id").Single(), records[0].GetProperty("correlationId").GetString());
        Assert.Empty(await RecordsFor("SearchOrgUnits", adminLogin));
    }

    [Fact]
    public async Task A_successful_command_and_its_record_are_committed_in_one_transaction()
    {
        var created = await fixture.Host.Client.PostAsJsonAsync("/api/directory/units",
            new { code = "231006", name = "阳明区", level = "County", parentId = fixture.City });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var connection = fixture.Host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marten");
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();

        var unitTx = await new NpgsqlCommand($"select xmin::text from directory.mt_doc_orgunit where id = '{id}'", conn).ExecuteScalarAsync();
        var auditTx = await new NpgsqlCommand(
            $"select xmin::text from platform.audit_trail where target_id = '{id}'", conn).ExecuteScalarAsync();

        Assert.NotNull(unitTx);
        Assert.Equal(unitTx, auditTx);
    }

    [Fact]
    public async Task Audit_records_cannot_be_changed_or_deleted_even_in_the_database()
    {
        await fixture.Host.Client.PostAsJsonAsync("/api/directory/units/" + Guid.NewGuid() + "/deactivate", new { });
        var connection = fixture.Host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marten");
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();

        var update = Assert.ThrowsAsync<PostgresException>(() =>
            new NpgsqlCommand("update platform.audit_trail set reason = reason", conn).ExecuteNonQueryAsync());
        Assert.Contains("append-only", (await update).MessageText);
        var delete = await Assert.ThrowsAsync<PostgresException>(() =>
            new NpgsqlCommand("delete from platform.audit_trail", conn).ExecuteNonQueryAsync());
        Assert.Contains("append-only", delete.MessageText);
    }

    [Fact]
    public async Task A_module_records_a_sensitive_read_with_the_reader()
    {
        var editor = await fixture.Host.ClientForAsync(fixture.Street, "Editor");
        var login = (await editor.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("login").GetString()!;
        var id = Guid.NewGuid();
        await editor.PostAsJsonAsync("/api/probe/notes", new { id, text = "敏感" });

        await editor.GetAsync($"/api/probe/notes/{id}");

        var record = Assert.Single(await RecordsFor("RevealProbeNote", login));
        Assert.Equal(id.ToString(), record.GetProperty("targetId").GetString());
        Assert.Equal("231002", record.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task Sign_ins_are_recorded_and_the_trail_exports_to_Excel()
    {
        await fixture.Host.AnonymousClient.PostAsJsonAsync("/api/auth/token", new { login = "admin", password = "nope" });

        var failed = await fixture.Host.Client.GetFromJsonAsync<JsonElement>("/api/audit?action=SignIn&outcome=Rejected");
        Assert.True(failed.GetProperty("total").GetInt32() >= 1);
        var export = await fixture.Host.Client.GetAsync("/api/audit/export?action=SignIn");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var rows = MiniExcelLibs.MiniExcel.Query(await export.Content.ReadAsStreamAsync(), useHeaderRow: true)
            .Cast<IDictionary<string, object>>().ToList();
        // The action in words for people, its code beside it for auditors who filter the sheet.
        Assert.Contains(rows, r => (string)r["操作"] == "登录" && (string)r["操作代码"] == "SignIn" && (string)r["结果"] == "拒绝");
    }
}
