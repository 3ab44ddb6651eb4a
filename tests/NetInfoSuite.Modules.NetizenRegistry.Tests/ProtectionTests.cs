using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetInfoSuite.Testing;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>个人信息保护: personal data sealed at rest, masked wherever it is listed, revealed one record at a time with a
/// purpose, found by mobile number through the blind index, erased on request.</summary>
public sealed class ProtectionTests(RegistryWorld world) : IClassFixture<RegistryWorld>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_table_of_the_database_holds_a_name_number_address_or_wechat_id_in_plain_text_and_lists_show_them_masked()
    {
        var person = NewPerson();
        var alias = "清风" + Guid.NewGuid().ToString("N")[..6];
        var id = await world.PersonAsync(world.NinganEditor, world.Ningan, alias, person);
        (await world.NinganOfficer.PostAsJsonAsync($"{Api}/profiles/{id}/reveal", new { purpose = "核实冬捕活动参与人身份" }, Ct)).EnsureSuccessStatusCode();
        (await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/find-by-mobile", new { mobile = person.Mobile }, Ct)).EnsureSuccessStatusCode();

        var rows = await EveryRowAsync(world.Host.ConnectionString);
        Assert.Contains(alias, rows); // the scan reads the profile's row
        foreach (var secret in new[] { person.Name, person.Mobile, person.Email, person.WeChat, person.Mobile[3..] })
            Assert.DoesNotContain(secret, rows);

        var masked = $"{person.Mobile[..3]}****{person.Mobile[^4..]}";
        var list = await world.NinganEditor.GetStringAsync($"{Api}/profiles?search={alias}", Ct);
        var page = await world.NinganEditor.GetStringAsync($"/netizen-registry?search={alias}", Ct);
        var detail = await world.NinganEditor.GetStringAsync($"/netizen-registry/profiles/{id}", Ct);
        foreach (var shown in new[] { list, page, detail })
        {
            Assert.Contains(masked, shown);
            Assert.Contains("欧**", shown);
            Assert.DoesNotContain(person.Name, shown);
            Assert.DoesNotContain(person.Mobile, shown);
            Assert.DoesNotContain(person.Email, shown);
            Assert.DoesNotContain(person.WeChat, shown);
        }
    }

    [Fact]
    public async Task Only_a_registry_officer_reveals_one_record_giving_a_purpose_kept_in_its_processing_records_and_the_audit_trail()
    {
        var person = NewPerson();
        var id = await world.PersonAsync(world.NinganEditor, world.Ningan, "朗晴" + Guid.NewGuid().ToString("N")[..6], person);

        Assert.Equal(HttpStatusCode.Forbidden, (await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/{id}/reveal", new { purpose = "想看看" }, Ct)).StatusCode);
        var noPurpose = await world.NinganOfficer.PostAsJsonAsync($"{Api}/profiles/{id}/reveal", new { purpose = "" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noPurpose.StatusCode);
        Assert.True((await noPurpose.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("purpose", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await world.DongningOfficer.PostAsJsonAsync($"{Api}/profiles/{id}/reveal", new { purpose = "核实身份信息" }, Ct)).StatusCode);

        var revealed = await world.NinganOfficer.PostAsJsonAsync($"{Api}/profiles/{id}/reveal", new { purpose = "邀请参加网络人士座谈会" }, Ct);

        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        var contact = await revealed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(person.Name, contact.GetProperty("realName").GetString());
        Assert.Equal(person.Mobile, contact.GetProperty("mobile").GetString());
        Assert.Equal(person.Email, contact.GetProperty("email").GetString());
        Assert.Equal(person.WeChat, contact.GetProperty("weChat").GetString());
        var records = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{id}/processing", Ct);
        Assert.Equal(["Revealed", "Collected"], records.EnumerateArray().Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal("邀请参加网络人士座谈会", records[0].GetProperty("purpose").GetString());
        var audit = await world.Host.Client.GetStringAsync($"/api/audit?action=RevealContact", Ct);
        Assert.Contains(id.ToString(), audit);
    }

    [Fact]
    public async Task The_reveal_dialog_asks_for_a_purpose_and_shows_the_record_in_full_only_after_it()
    {
        var person = NewPerson();
        var id = await world.PersonAsync(world.NinganEditor, world.Ningan, "霞光" + Guid.NewGuid().ToString("N")[..6], person);
        var editorPage = await world.NinganEditor.GetStringAsync($"/netizen-registry/profiles/{id}", Ct);
        Assert.DoesNotContain("reveal-contact", editorPage); // no reveal for an editor

        var officerPage = await world.NinganOfficer.GetStringAsync($"/netizen-registry/profiles/{id}", Ct);
        Assert.Contains("查看目的", officerPage);
        Assert.DoesNotContain(person.Name, officerPage);
        Assert.DoesNotContain(person.Mobile, officerPage);
    }

    [Fact]
    public async Task An_exact_mobile_number_finds_the_person_in_the_callers_subtree_however_it_is_written()
    {
        var person = NewPerson();
        var id = await world.PersonAsync(world.NinganEditor, world.Ningan, "云海" + Guid.NewGuid().ToString("N")[..6], person);
        var spaced = $"+86 {person.Mobile[..3]} {person.Mobile[3..7]}-{person.Mobile[7..]}";

        var found = await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/find-by-mobile", new { mobile = spaced }, Ct);
        var elsewhere = await world.DongningEditor.PostAsJsonAsync($"{Api}/profiles/find-by-mobile", new { mobile = person.Mobile }, Ct);
        var partial = await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/find-by-mobile", new { mobile = person.Mobile[..7] }, Ct);

        var body = await found.Content.ReadAsStringAsync(Ct);
        Assert.Equal(id, JsonDocument.Parse(body).RootElement.EnumerateArray().Single().GetProperty("id").GetGuid());
        Assert.DoesNotContain(person.Mobile, body);
        Assert.Equal(0, (await elsewhere.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, partial.StatusCode);
        Assert.DoesNotContain(person.Mobile[..7], await partial.Content.ReadAsStringAsync(Ct)); // the refusal does not echo it
    }

    [Fact]
    public async Task Erasing_on_request_leaves_a_processing_record_and_no_personal_data_in_any_table()
    {
        var person = NewPerson();
        var alias = "松涛" + Guid.NewGuid().ToString("N")[..6];
        var id = await world.PersonAsync(world.NinganEditor, world.Ningan, alias, person);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/{id}/anonymise", new { purpose = "本人书面申请删除" }, Ct)).StatusCode);

        var erased = await world.NinganOfficer.PostAsJsonAsync($"{Api}/profiles/{id}/anonymise", new { purpose = "本人书面申请删除" }, Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var rows = await EveryRowAsync(world.Host.ConnectionString);
        foreach (var trace in new[] { alias, person.Name, person.Mobile, person.Mobile[^4..] + "\"", person.Email, person.WeChat })
            Assert.DoesNotContain(trace, rows);
        var row = await ProfileRowAsync(id);
        Assert.Contains("已匿名化", row);
        Assert.DoesNotContain("\"key\"", row, StringComparison.OrdinalIgnoreCase);   // no sealed value
        Assert.DoesNotMatch("[0-9A-Fa-f]{64}", row);                                     // no blind index
        Assert.DoesNotContain("*", row);                                                 // no mask
        var records = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{id}/processing", Ct);
        Assert.Equal("Anonymised", records[0].GetProperty("kind").GetString());
        Assert.Equal("本人书面申请删除", records[0].GetProperty("purpose").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await world.NinganOfficer.PostAsJsonAsync($"{Api}/profiles/{id}/reveal", new { purpose = "再看一次" }, Ct)).StatusCode);
        var audit = await world.Host.Client.GetStringAsync($"/api/audit?action=AnonymiseProfile", Ct);
        Assert.Contains(id.ToString(), audit);
    }

    [Fact]
    public async Task People_of_one_forum_erased_at_the_same_moment_all_leave_it_and_each_is_erased_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++) ids.Add(await world.PersonAsync(world.NinganEditor, world.Ningan, "座谈" + Guid.NewGuid().ToString("N")[..6], NewPerson()));
        var forum = (await (await world.NinganEditor.PostAsJsonAsync($"{Api}/interactions",
            new { kind = "Forum", on = "2026-06-01", profiles = ids, staff = "宣传科", summary = "网络人士座谈会" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("id").GetGuid();

        // All at once, the first of them twice (as a double click would send it).
        var answers = await Task.WhenAll(ids.Append(ids[0]).Select(id =>
            world.NinganOfficer.PostAsJsonAsync($"{Api}/profiles/{id}/anonymise", new { purpose = "本人书面申请删除" }, Ct)));

        Assert.Equal(8, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest));
        await using var conn = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new Npgsql.NpgsqlCommand("select data::text from netizen_registry.mt_doc_interaction where id = $1", conn) { Parameters = { new() { Value = forum } } };
        var row = (string)(await cmd.ExecuteScalarAsync(Ct))!;
        Assert.All(ids, id => Assert.DoesNotContain(id.ToString(), row));
        Assert.Contains("（已应本人要求删除）", row);
        foreach (var id in ids)
        {
            var records = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles/{id}/processing", Ct);
            Assert.Equal(1, records.EnumerateArray().Count(r => r.GetProperty("kind").GetString() == "Anonymised"));
        }
    }

    private async Task<string> ProfileRowAsync(Guid id)
    {
        await using var conn = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new Npgsql.NpgsqlCommand("select data::text from netizen_registry.mt_doc_profile where id = $1", conn) { Parameters = { new() { Value = id } } };
        return (string)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
