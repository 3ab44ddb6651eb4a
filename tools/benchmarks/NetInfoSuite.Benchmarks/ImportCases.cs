using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;

/// <summary>Issue 8: an Excel import of 100,000 rows through the API (the grid groups' workbook: parse, check every
/// row, store all or none), beside reading the same workbook alone with the same library.</summary>
internal static class ImportCases
{
    public static async Task<Section> RunAsync(BenchContext bench)
    {
        var rows = bench.Quick ? 2_000 : 100_000;
        var app = await bench.StartHostAsync(await bench.NewDatabaseAsync(), "directory,grid-dispatch,account-matrix");
        try
        {
            var admin = await BenchContext.ClientAsync(app, "admin", BenchContext.AdminPassword);
            async Task<Guid> Unit(string code, string level, Guid? parentId) =>
                (await BenchContext.Json<JsonElement>(admin.PostAsJsonAsync("/api/directory/units", new { code, name = "导入" + code, level, parentId })))
                .GetProperty("id").GetGuid();
            var city = await Unit("I0", "City", null);
            await Unit("I0-1-1-1", "Community", await Unit("I0-1-1", "Street", await Unit("I0-1", "County", city)));
            await BenchContext.CreateUserAsync(admin, "bench-import", city, "CityAdmin");
            var office = await BenchContext.ClientAsync(app, "bench-import", BenchContext.UserPassword);

            using var xlsx = new MemoryStream();
            xlsx.SaveAs(Enumerable.Range(0, rows).Select(i => new Dictionary<string, object>
            {
                ["群名称"] = $"导入群{i:000000}", ["类型"] = "网格群", ["平台"] = "微信", ["所属村（社区）编码"] = "I0-1-1-1",
                ["管理员"] = "张网格", ["管理员电话"] = "13900001234", ["管理员账号"] = "", ["成员数"] = 300,
            }));
            var bytes = xlsx.ToArray();

            var readStart = Stopwatch.GetTimestamp();
            var read = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, excelType: ExcelType.XLSX).Count();
            var readMs = BenchContext.Ms(readStart);
            if (read != rows) throw new InvalidOperationException($"read {read} rows");

            using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "groups.xlsx" } };
            var start = Stopwatch.GetTimestamp();
            var result = await BenchContext.Json<JsonElement>(office.PostAsync("/api/grid-dispatch/groups/import", form));
            var importMs = BenchContext.Ms(start);
            if (result.GetProperty("created").GetInt32() != rows) throw new InvalidOperationException(result.ToString());

            // Daily metrics (issue 6): 274 Weibo accounts × 365 days ≈ 100,000 rows, every figure filled, a few "10万+".
            var accounts = rows / 365 + 1;
            await RankingCases.SeedAccountsAsync(app, city, accounts, "Weibo");
            using var metrics = new MemoryStream();
            var first = new DateOnly(2025, 11, 1);
            metrics.SaveAs(Enumerable.Range(0, rows).Select(i => new Dictionary<string, object>
            {
                ["平台"] = "Weibo", ["账号"] = $"rank{i % accounts}", ["日期"] = first.AddDays(i / accounts).ToString("yyyy-MM-dd"),
                ["粉丝数"] = 10_000 + i % 977, ["新增粉丝"] = i % 13, ["发文数"] = i % 5, ["头条发文"] = i % 2, ["原创发文"] = i % 3,
                ["阅读数"] = i % 997 == 0 ? "10万+" : (i % 5000).ToString(), ["头条阅读"] = i % 3000, ["点赞"] = i % 300, ["在看"] = i % 50,
                ["分享"] = i % 70, ["评论"] = i % 40, ["转发"] = i % 60, ["原创转发"] = i % 30, ["原创评论"] = i % 20,
            }));
            var metricBytes = metrics.ToArray();
            var metricReadStart = Stopwatch.GetTimestamp();
            MiniExcel.Query(new MemoryStream(metricBytes), useHeaderRow: true, excelType: ExcelType.XLSX).Count();
            var metricReadMs = BenchContext.Ms(metricReadStart);
            using var metricForm = new MultipartFormDataContent { { new ByteArrayContent(metricBytes), "file", "metrics.xlsx" } };
            var metricStart = Stopwatch.GetTimestamp();
            var stored = await BenchContext.Json<JsonElement>(office.PostAsync("/api/account-matrix/metrics/import", metricForm));
            var metricMs = BenchContext.Ms(metricStart);
            if (stored.GetProperty("dailyRows").GetInt32() != rows) throw new InvalidOperationException(stored.ToString());

            return new Section("Excel import (issues 6 and 8)", $"""
                In-process host with the directory and grid-dispatch plugins, durable embedded PostgreSQL. A {rows:N0}-row grid-group
                workbook ({bytes.Length / 1024:N0} KB, Chinese headers) posted to `/api/grid-dispatch/groups/import`: read, every row
                checked, the units looked up, all groups stored in one transaction with the audit record. Then a {rows:N0}-row daily
                metrics workbook ({metricBytes.Length / 1024:N0} KB, 17 columns) posted to `/api/account-matrix/metrics/import`: read, every
                cell checked, the accounts looked up, all rows upserted in one statement in the command's transaction. Beside each,
                MiniExcel reading the same workbook alone in this process. One run each.
                """,
            [
                new($"import {rows:N0} daily metric rows through the API", $"{metricMs / 1000:0.0} s", $"reading the workbook alone: {metricReadMs / 1000:0.0} s",
                    $"{metricMs / metricReadMs:0.0}", "< 15 s", metricMs < 15_000),
                new($"import {rows:N0} rows through the API", $"{importMs / 1000:0.0} s", $"reading the workbook alone: {readMs / 1000:0.0} s",
                    $"{importMs / readMs:0.0}", "< 15 s", importMs < 15_000),
            ]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
