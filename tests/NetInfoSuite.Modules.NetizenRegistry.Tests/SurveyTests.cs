using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;
using static NetInfoSuite.Modules.NetizenRegistry.Tests.RegistryWorld;

namespace NetInfoSuite.Modules.NetizenRegistry.Tests;

/// <summary>摸底调查: a workbook imported with a per-row report; rows repeating a registered person (same handle, or same
/// mobile number through the blind index) or an earlier row are offered for merging, never silently doubled.</summary>
public sealed class SurveyTests(RegistryWorld world) : IClassFixture<RegistryWorld>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Duplicates_by_handle_and_by_mobile_are_offered_side_by_side_and_a_merge_is_kept_in_history()
    {
        var known = NewPerson();
        var alias = "已登记" + Guid.NewGuid().ToString("N")[..6];
        var registered = (await Json(await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles", new
        {
            alias, field = "SelfMedia", unitId = world.Ningan, consent = "NotInformed",
            platforms = new[] { new { platform = "Douyin", handle = alias + "_dy", followers = 5000 } },
            contact = new { realName = known.Name, mobile = known.Mobile },
        }))).GetProperty("id").GetGuid();
        var (fresh, other) = (NewPerson(), NewPerson());
        var tag = Guid.NewGuid().ToString("N")[..6];
        var rows = new[]
        {
            Row("新人" + tag, "抖音", "new_" + tag, fresh.Name, fresh.Mobile, "", tag),
            Row("同号" + tag, "抖音", alias + "_dy", other.Name, other.Mobile, "", tag),                  // same handle as the registered one
            Row("同手机" + tag, "微博", "wb_" + tag, known.Name, $"+86 {known.Mobile[..3]} {known.Mobile[3..]}", known.Email, tag), // same mobile, written otherwise
            Row("文件内重复" + tag, "抖音", "new_" + tag, "", "", "", tag),                                // repeats the first row
            Row("坏行" + tag, "抖音", "bad_" + tag, "", "1381234", "", tag, unitCode: "999999"),
        };

        var check = await Upload(rows, validRowsOnly: false);
        Assert.Equal(HttpStatusCode.BadRequest, check.StatusCode);
        var errors = (await Json(check, ok: false)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("rows[6].mobile", out _));
        Assert.True(errors.TryGetProperty("rows[6].unitId", out _));
        Assert.DoesNotContain("1381234", errors.ToString()); // the refusal does not repeat the number
        Assert.Equal(0, (await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/profiles?search={tag}", Ct)).GetProperty("total").GetInt32());

        var result = await Json(await Upload(rows, validRowsOnly: true));
        Assert.Equal(4, result.GetProperty("registered").GetInt32());
        Assert.Equal(3, result.GetProperty("offeredForMerge").GetInt32());

        var pairs = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/duplicates", Ct);
        var byMobile = pairs.EnumerateArray().Single(p => p.GetProperty("duplicate").GetProperty("alias").GetString() == "同手机" + tag);
        Assert.Equal(registered, byMobile.GetProperty("registered").GetProperty("id").GetGuid());
        var byHandle = pairs.EnumerateArray().Single(p => p.GetProperty("duplicate").GetProperty("alias").GetString() == "同号" + tag);
        Assert.Equal(registered, byHandle.GetProperty("registered").GetProperty("id").GetGuid());
        Assert.Contains(pairs.EnumerateArray(), p => p.GetProperty("duplicate").GetProperty("alias").GetString() == "文件内重复" + tag
            && p.GetProperty("registered").GetProperty("alias").GetString() == "新人" + tag);
        var page = await world.NinganEditor.GetStringAsync("/netizen-registry/duplicates", Ct);
        Assert.Contains("同手机" + tag, page);
        Assert.DoesNotContain(known.Mobile, page);

        // Merged: the registered profile gains the Weibo account and the e-mail address it lacked; the duplicate goes.
        var merged = await Json(await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/{byMobile.GetProperty("duplicate").GetProperty("id").GetGuid()}/duplicate", new { merge = true }, Ct));
        Assert.Equal(registered, merged.GetProperty("id").GetGuid());
        Assert.Equal(2, merged.GetProperty("platforms").GetArrayLength());
        Assert.NotNull(merged.GetProperty("masked").GetProperty("email").GetString());
        Assert.Equal("同手机" + tag, merged.GetProperty("merged")[0].GetProperty("alias").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await world.NinganEditor.GetAsync($"{Api}/profiles/{byMobile.GetProperty("duplicate").GetProperty("id").GetGuid()}", Ct)).StatusCode);
        var revealed = await Json(await world.NinganOfficer.PostAsJsonAsync($"{Api}/profiles/{registered}/reveal", new { purpose = "核对合并结果" }, Ct));
        Assert.Equal(known.Email, revealed.GetProperty("email").GetString());
        Assert.Equal(known.Mobile, revealed.GetProperty("mobile").GetString());

        // Kept: different people, both stay, nothing waits any more.
        var kept = await Json(await world.NinganEditor.PostAsJsonAsync($"{Api}/profiles/{byHandle.GetProperty("duplicate").GetProperty("id").GetGuid()}/duplicate", new { merge = false }, Ct));
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("possibleDuplicateOf").ValueKind);
        var left = await world.NinganEditor.GetFromJsonAsync<JsonElement>($"{Api}/duplicates", Ct);
        Assert.DoesNotContain(left.EnumerateArray(), p => p.GetProperty("duplicate").GetProperty("alias").GetString()!.EndsWith(tag) &&
            p.GetProperty("duplicate").GetProperty("alias").GetString() != "文件内重复" + tag);
    }

    private static Dictionary<string, object> Row(string alias, string platform, string handle, string name, string mobile, string email, string tags,
        string unitCode = "231084") => new()
    {
        ["网名"] = alias, ["领域"] = "自媒体", ["联系单位编码"] = unitCode, ["平台"] = platform, ["平台账号"] = handle, ["粉丝数"] = "1200",
        ["真实姓名"] = name, ["手机号码"] = mobile, ["电子邮箱"] = email, ["微信号"] = "", ["告知同意"] = "已告知", ["告知同意日期"] = "2026-11-01", ["标签"] = tags,
    };

    private async Task<HttpResponseMessage> Upload(IEnumerable<Dictionary<string, object>> rows, bool validRowsOnly)
    {
        using var xlsx = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(xlsx, rows);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "survey.xlsx" } };
        return await world.NinganEditor.PostAsync($"{Api}/profiles/import?validRowsOnly={validRowsOnly}", form, Ct);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, bool ok = true)
    {
        if (ok && !response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
