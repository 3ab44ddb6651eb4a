using System.Text.Json;
using MiniExcelLibs;
using NetInfoSuite.Cli.Seed;

namespace NetInfoSuite.Cli.Lists;

/// <summary>One of a module's main lists as a workbook: where the module's own endpoints export it and, where it has
/// one, import it. <paramref name="Period"/>: the export covers a date range (from/to in the query).</summary>
public sealed record ModuleList(string Name, string Title, string Module, string? ExportPath, string? ImportPath, bool Period = false)
{
    public string FileName => $"{Title}.xlsx";
}

/// <summary>export / import: each module's main lists as Excel through the host's public API, as the console's 导出 and
/// 导入 buttons send them: the same workbooks, the same checks, the same permissions.</summary>
public static class ModuleLists
{
    public static readonly ModuleList[] All =
    [
        new("org-units", "组织机构", "directory", "/api/directory/export", "/api/directory/import"),
        new("groups", "网格群", "grid-dispatch", "/api/grid-dispatch/groups/export", "/api/grid-dispatch/groups/import"),
        new("accounts", "新媒体账号", "account-matrix", "/api/account-matrix/accounts/export", "/api/account-matrix/accounts/import"),
        new("metrics", "账号每日数据", "account-matrix", "/api/account-matrix/metrics/export", "/api/account-matrix/metrics/import", Period: true),
        new("articles", "文章数据", "account-matrix", "/api/account-matrix/metrics/articles/export", "/api/account-matrix/metrics/articles/import", Period: true),
        new("words", "敏感词库", "account-matrix", "/api/account-matrix/words/export", "/api/account-matrix/words/import"),
        new("messages", "网民留言", "account-matrix", null, "/api/account-matrix/messages/import"),
        new("media-units", "传媒领域非公有资本登记", "compliance", "/api/compliance/media-units/export", "/api/compliance/media-units/import"),
        new("notices", "整改通知书", "compliance", "/api/compliance/notices/export", null),
        new("cases", "审核案件", "compliance", "/api/compliance/cases/export", null),
        new("rules", "制度库", "compliance", "/api/compliance/rules/export", null),
        new("campaigns", "专项治理", "compliance", "/api/compliance/campaigns/export", null),
        new("websites", "政府网站安全检测", "compliance", "/api/compliance/websites/export", null),
        new("profiles", "网络人士", "netizen-registry", "/api/netizen-registry/profiles/export", "/api/netizen-registry/profiles/import"),
        new("results", "目标管理结果", "inspection", "/api/inspection/results/export", null),
    ];

    public static string Names(Func<ModuleList, bool> which) => string.Join("、", All.Where(which).Select(l => $"{l.Name}（{l.Title}）"));

    /// <summary>The lists named in --list (comma-separated), or every exportable one.</summary>
    public static IReadOnlyList<ModuleList> Choose(string? names, bool import)
    {
        Func<ModuleList, bool> can = import ? l => l.ImportPath is not null : l => l.ExportPath is not null;
        if (string.IsNullOrWhiteSpace(names))
            return import ? throw new InvalidOperationException($"缺少 --list：可导入的名单有 {Names(can)}") : All.Where(can).ToList();
        var chosen = new List<ModuleList>();
        foreach (var name in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var list = All.FirstOrDefault(l => l.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || l.Title == name);
            if (list is null || !can(list))
                throw new InvalidOperationException($"没有可{(import ? "导入" : "导出")}的名单“{name}”：可用的有 {Names(can)}");
            chosen.Add(list);
        }
        if (import && chosen.Count != 1) throw new InvalidOperationException("导入一次只能指定一个名单（--list）");
        return chosen;
    }

    /// <summary>Writes each chosen list of a loaded module to <paramref name="folder"/>; a module not deployed or a list
    /// the user may not read is skipped with a line. Returns the lists that could not be exported.</summary>
    public static async Task<int> ExportAsync(NetInfoApi api, IReadOnlyList<ModuleList> lists, string folder, DateOnly from, DateOnly to,
        IOutput output, CancellationToken ct)
    {
        var loaded = await api.LoadedModulesAsync(ct);
        Directory.CreateDirectory(folder);
        var rows = new List<string[]>();
        var failed = 0;
        await output.StepAsync("导出名单", lists.Count, async tick =>
        {
            foreach (var list in lists)
            {
                if (!loaded.Contains(list.Module)) { rows.Add([list.Title, list.Module, "—", "模块未部署，跳过"]); tick(1); continue; }
                var path = list.Period ? $"{list.ExportPath}?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}" : list.ExportPath!;
                try
                {
                    var workbook = await api.DownloadAsync(path, ct);
                    var file = Path.Combine(folder, list.FileName);
                    await File.WriteAllBytesAsync(file, workbook, ct);
                    rows.Add([list.Title, list.Module, DataRows(workbook).ToString("N0"), file]);
                }
                catch (ApiException ex) when (ex.Status is 403 or 404)
                {
                    failed++;
                    rows.Add([list.Title, list.Module, "—", $"{ex.Title}，跳过"]);
                }
                tick(1);
            }
        });
        output.Table("导出结果", ["名单", "模块", "行数", "文件"], rows);
        return failed;
    }

    /// <summary>Uploads a workbook to the list's import, as the console's 确认导入 does: a bad row rejects the whole file
    /// (the host's errors are printed by row and column) unless <paramref name="validRowsOnly"/>.</summary>
    public static async Task ImportAsync(NetInfoApi api, ModuleList list, string file, bool validRowsOnly, IOutput output, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"找不到文件 {file}");
        var loaded = await api.LoadedModulesAsync(ct);
        if (!loaded.Contains(list.Module)) throw new InvalidOperationException($"主机未部署模块 {list.Module}，无法导入{list.Title}");
        var workbook = await File.ReadAllBytesAsync(file, ct);
        var path = validRowsOnly ? $"{list.ImportPath}?validRowsOnly=true" : list.ImportPath!;
        JsonElement result = default;
        await output.StepAsync($"导入{list.Title}（{DataRows(workbook):N0} 行）", 1, async tick =>
        {
            result = await api.UploadAsync(path, workbook, Path.GetFileName(file), ct);
            tick(1);
        });
        output.Table($"{list.Title}导入结果", ["项目", "数量"], Counts(result));
    }

    /// <summary>Rows below the header of the workbook's first sheet.</summary>
    internal static int DataRows(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook);
        return stream.Query(useHeaderRow: true).Count();
    }

    // The import answers' counters by their meaning (each module names its own; unknown ones are shown as sent).
    private static readonly Dictionary<string, string> CountNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["created"] = "新建", ["updated"] = "更新", ["renamed"] = "改名", ["unchanged"] = "未变", ["skipped"] = "已有，跳过",
        ["registered"] = "新登记", ["alreadyRegistered"] = "已登记", ["offeredForMerge"] = "疑似重复，待合并", ["dailyRows"] = "每日数据行",
        ["articles"] = "文章", ["recorded"] = "已记录", ["words"] = "词语",
    };

    private static IEnumerable<string[]> Counts(JsonElement result) =>
        result.ValueKind != JsonValueKind.Object ? []
        : result.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.Number)
            .Select(p => new[] { CountNames.GetValueOrDefault(p.Name, p.Name), p.Value.ToString() })
            .Concat(result.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array)
                .Select(p => new[] { CountNames.GetValueOrDefault(p.Name, p.Name), p.Value.GetArrayLength().ToString() }));
}
