using MiniExcelLibs;
using NetInfoSuite.Cli;
using NetInfoSuite.Cli.Lists;
using NetInfoSuite.Cli.Seed;
using Xunit;

namespace NetInfoSuite.Cli.Tests;

/// <summary>export / import of the modules' main lists, on the seeded city (same fixture as the seed's tests).</summary>
public sealed partial class SeedTests
{
    [Fact]
    public async Task Export_writes_every_main_list_as_the_modules_workbook_with_the_rows_the_api_lists()
    {
        var cityAdmin = await CityAdminAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"netinfo-export-{Guid.NewGuid():N}");
        try
        {
            var output = new TextOutput();
            var today = Seeder.BeijingToday();
            var failed = await ModuleLists.ExportAsync(cityAdmin, ModuleLists.Choose(null, import: false), folder, today.AddDays(-364), today, output, default);

            Assert.Equal(0, failed);
            Assert.Equal(ModuleLists.All.Count(l => l.ExportPath is not null), Directory.GetFiles(folder, "*.xlsx").Length);
            Assert.Equal(city.Plan.Units.Count, Rows(folder, "组织机构"));
            Assert.Equal(city.Plan.Scale.Groups, Rows(folder, "网格群"));
            Assert.Equal(city.Plan.Scale.Accounts, Rows(folder, "新媒体账号"));
            Assert.Equal(Seeder.MediaUnitCount, Rows(folder, "传媒领域非公有资本登记"));
            Assert.Equal(6, Rows(folder, "整改通知书"));
            // A year of daily figures: every account on each of the scale's days.
            Assert.Equal(city.Plan.Scale.Accounts * city.Plan.Scale.MetricDays, Rows(folder, "账号每日数据"));
            Assert.Contains(output.Lines, l => l.StartsWith("网格群 | grid-dispatch | 100 | ", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Importing_an_exported_list_again_adds_nothing_and_a_bad_row_rejects_the_file_with_its_row_and_column()
    {
        var cityAdmin = await CityAdminAsync();
        var groups = ModuleLists.Choose("groups", import: true)[0];
        var file = Path.Combine(Path.GetTempPath(), $"netinfo-groups-{Guid.NewGuid():N}.xlsx");
        try
        {
            await File.WriteAllBytesAsync(file, await cityAdmin.DownloadAsync(groups.ExportPath!));
            var output = new TextOutput();
            await ModuleLists.ImportAsync(cityAdmin, groups, file, validRowsOnly: false, output, default);
            Assert.Contains("新建 | 0", output.Lines);
            Assert.Contains($"已有，跳过 | {city.Plan.Scale.Groups}", output.Lines);

            // One row under a village that does not exist: the whole file is refused, nothing stored.
            var rows = MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
            rows[0]["群名称"] = "新建的测试群";
            rows[1]["群名称"] = "另一个测试群";
            rows[1][rows[1].Keys.First(k => k.Contains("编码"))] = "999999999";
            File.Delete(file);
            MiniExcel.SaveAs(file, rows);
            var refused = await Assert.ThrowsAsync<ApiException>(() => ModuleLists.ImportAsync(cityAdmin, groups, file, validRowsOnly: false, new TextOutput(), default));
            Assert.Equal(400, refused.Status);
            Assert.Contains(refused.Errors.Values.SelectMany(m => m), m => m.StartsWith("第 3 行", StringComparison.Ordinal));
            var total = (await cityAdmin.GetAsync("/api/grid-dispatch/groups?pageSize=1")).GetProperty("total").GetInt64();
            Assert.Equal(city.Plan.Scale.Groups, total);

            // Through the command line: an unknown list names the ones there are; a list with no import is refused.
            var cli = new TextOutput();
            Assert.Equal(2, await Commands.RunAsync(["import", "--list", "notices", "--file", file, "--url", "http://127.0.0.1:1", "--login", "a", "--password", "b"], cli));
            Assert.Contains(cli.Lines, l => l.Contains("没有可导入的名单“notices”") && l.Contains("groups（网格群）"));
            Assert.Equal(2, await Commands.RunAsync(["export", "--list", "nothing", "--url", "http://127.0.0.1:1", "--login", "a", "--password", "b"], cli));
            Assert.Contains(cli.Lines, l => l.Contains("没有可导出的名单“nothing”"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<NetInfoApi> CityAdminAsync() => new(await city.Host.ClientForAsync(await CityIdAsync(), "CityAdmin"));

    private async Task<Guid> CityIdAsync() =>
        (await city.Api.GetAllAsync("/api/directory/units")).First(u => u.GetProperty("code").GetString() == CityPlan.MudanjiangCode).GetProperty("id").GetGuid();

    private static int Rows(string folder, string title) => ModuleLists.DataRows(File.ReadAllBytes(Path.Combine(folder, $"{title}.xlsx")));
}
