using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

public sealed class MetricWorkbookTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task A_metrics_workbook_reports_each_bad_row_imports_valid_rows_on_request_and_replaces_on_reimport()
    {
        await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "ningan-weibo", "Weibo");
        var rows = new[]
        {
            Row("Weibo", "ningan-weibo", "2026-11-02", reads: "10万+", posts: "3"),
            Row("Weibo", "ningan-weibo", "2026-11-03", reads: "2000", posts: "1"),
            Row("Weibo", "nobody", "2026-11-03", reads: "1", posts: "1"),          // not an account of the unit
            Row("Weibo", "ningan-weibo", "2026-11-03", reads: "5", posts: "1"),    // the same day twice
            Row("Weibo", "ningan-weibo", "11月4日", reads: "5", posts: "-1"),      // bad date, negative count
        };

        var refused = await Import(rows, validOnly: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "rows[4].handle", "rows[5].day", "rows[6].day", "rows[6].发文数" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} in {errors}");

        var stored = await Import(rows, validOnly: true);
        Assert.Equal(2, (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dailyRows").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await Import(rows[..2], validOnly: false)).StatusCode); // again: replaced, not doubled

        await using var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select count(*), sum(reads) from account_matrix.daily_metrics", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(2, reader.GetInt64(0));
        Assert.Equal(100_001 + 2_000, reader.GetDecimal(1));
    }

    private static Dictionary<string, object> Row(string platform, string handle, string day, string reads, string posts) => new()
    {
        ["平台"] = platform, ["账号"] = handle, ["日期"] = day, ["发文数"] = posts, ["阅读数"] = reads, ["点赞"] = "10",
    };

    private Task<HttpResponseMessage> Import(IEnumerable<Dictionary<string, object>> rows, bool validOnly) =>
        MatrixWorld.UploadAsync(world.NinganEditor, $"/api/account-matrix/metrics/import?validRowsOnly={validOnly}", rows);
}
