namespace NetInfoSuite.Modules.Directory.ImportExport;

/// <summary>Creates new units and renames existing ones (matched by code). All rows or none:
/// any bad row rejects the whole file with every row's errors.</summary>
[RequiresPermission(DirectoryPermissions.Manage)]
internal sealed record ImportOrgTree(IReadOnlyList<OrgUnitRow> Rows) : ICommand<ImportResult>;

/// <summary>上传并检查: every error the import would meet, from the same plan, storing nothing.</summary>
[RequiresPermission(DirectoryPermissions.Manage)]
internal sealed record CheckOrgTree(IReadOnlyList<OrgUnitRow> Rows) : IRequest<IReadOnlyList<Violation>>;

internal sealed record ImportResult(int Created, int Renamed, int Unchanged);

internal sealed class ImportOrgTreeHandler(IDocumentSession session, DirectoryScope scope, IOutbox outbox, TimeProvider clock)
    : IRequestHandler<ImportOrgTree, ImportResult>, IRequestHandler<CheckOrgTree, IReadOnlyList<Violation>>
{
    public async Task<IReadOnlyList<Violation>> Handle(CheckOrgTree query, CancellationToken ct) => (await PlanAsync(query.Rows, ct)).Errors;

    public async Task<ImportResult> Handle(ImportOrgTree command, CancellationToken ct)
    {
        var (created, renamed, unchanged, existing, errors) = await PlanAsync(command.Rows, ct);
        if (errors.Count > 0) throw new RuleViolationException(errors);

        session.Store(created.Concat(renamed).ToArray());
        var builtOn = created.Select(u => u.ParentId).Distinct().Select(id => existing.FirstOrDefault(u => u.Id == id)).OfType<OrgUnit>().Except(renamed);
        foreach (var parent in builtOn) session.BuildsOn(parent);
        foreach (var unit in created)
            outbox.Publish(session, new OrgUnitChanged(unit.ToInfo(), OrgUnitChange.Created));
        foreach (var unit in renamed)
            outbox.Publish(session, new OrgUnitChanged(unit.ToInfo(), OrgUnitChange.Renamed));
        await session.SaveChecked(() => new Violation("rows", "导入期间有人新建或改名了同名单位，请重新导入",
            "Someone stored a unit of the same name meanwhile; import the file again"), ct);
        return new ImportResult(created.Count, renamed.Count, unchanged);
    }

    // What the rows would create and rename, and every row's errors; nothing is stored here (renamed units are changed
    // in memory only: the import stores them, the check drops them).
    private async Task<(List<OrgUnit> Created, List<OrgUnit> Renamed, int Unchanged, IReadOnlyCollection<OrgUnit> Existing, List<Violation> Errors)> PlanAsync(
        IReadOnlyList<OrgUnitRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) throw new RuleViolationException("file", "文件中没有数据行", "The file has no data rows");
        var now = clock.GetUtcNow();
        // Units outside the caller's subtree do not exist for this import, though their codes stay taken. They are read
        // by this command's session: the ones it renames or builds on have their versions checked at commit.
        var root = await scope.RootPathAsync(ct);
        var existing = (await session.Query<OrgUnit>().Where(u => u.Path.StartsWith(root)).ToListAsync(ct)).ToDictionary(u => u.Code, StringComparer.Ordinal);
        // Only a caller limited to a subtree needs the other codes: for the city level they are all visible.
        var takenElsewhere = await scope.RootPathAsync(ct) == "/" ? [] :
            (await session.Query<OrgUnit>().Select(u => u.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        takenElsewhere.ExceptWith(existing.Keys);
        var inFile = new Dictionary<string, (int Row, OrgUnit? Unit)>(StringComparer.Ordinal);
        var errors = new List<Violation>();
        var created = new List<OrgUnit>();
        var renamed = new List<OrgUnit>();
        var unchanged = 0;
        var rootExists = await session.RootExists(ct);
        // Active units by parent and name, with the row that brought each in (0: stored already).
        var named = existing.Values.Where(u => u.Active).ToDictionary(u => (u.ParentId, u.Name), _ => 0);
        bool NameFree(int row, Guid? parentId, string name, List<Violation> into, string field)
        {
            if (!named.TryGetValue((parentId, name), out var taken)) return true;
            var clash = OrgRules.NameTaken(field, name);
            into.Add(clash with
            {
                MessageZhCn = $"第 {row} 行：{clash.MessageZhCn}" + (taken > 0 ? $"（第 {taken} 行）" : ""),
                MessageEn = $"Row {row}: {clash.MessageEn}" + (taken > 0 ? $" (row {taken})" : ""),
            });
            return false;
        }

        foreach (var row in rows)
        {
            string F(string field) => $"rows[{row.Row}].{field}";
            var before = errors.Count;
            var code = row.Code?.Trim() ?? "";
            var name = row.Name?.Trim() ?? "";
            var level = OrgRules.ParseLevel(row.Level);
            var parentCode = row.ParentCode?.Trim() ?? "";

            if (!OrgRules.IsValidCode(code))
                errors.Add(new(F("code"), $"第 {row.Row} 行：编码为空或格式不对（至多 {OrgRules.MaxCodeLength} 个字母、数字、“-”、“.”）",
                    $"Row {row.Row}: the code is empty or malformed (up to {OrgRules.MaxCodeLength} letters, digits, '-', '.')"));
            else if (takenElsewhere.Contains(code))
                errors.Add(new(F("code"), $"第 {row.Row} 行：编码 {code} 已被使用", $"Row {row.Row}: the code {code} is already in use"));
            else if (inFile.TryGetValue(code, out var first))
                errors.Add(new(F("code"), $"第 {row.Row} 行：编码 {code} 与第 {first.Row} 行重复",
                    $"Row {row.Row}: the code {code} repeats row {first.Row}"));
            if (name.Length is 0 or > OrgRules.MaxNameLength)
                errors.Add(new(F("name"), $"第 {row.Row} 行：名称不能为空且不超过 {OrgRules.MaxNameLength} 字",
                    $"Row {row.Row}: the name must be 1 to {OrgRules.MaxNameLength} characters"));
            if (level is null)
                errors.Add(new(F("level"), $"第 {row.Row} 行：层级“{row.Level}”无效（省、市、县（市、区）、乡镇（街道）、村（社区）、市直单位）",
                    $"Row {row.Row}: the level '{row.Level}' is not one of Province, City, County, Street, Community, Department"));

            OrgUnit? parent = null;
            if (parentCode.Length > 0)
            {
                if (inFile.TryGetValue(parentCode, out var p)) parent = p.Unit;
                else parent = existing.GetValueOrDefault(parentCode);
                if (parent is null)
                    errors.Add(new(F("parentCode"), p.Row > 0
                            ? $"第 {row.Row} 行：上级编码 {parentCode} 所在的第 {p.Row} 行有错误"
                            : $"第 {row.Row} 行：上级编码 {parentCode} 不存在（须已存在或写在前面的行中）",
                        p.Row > 0
                            ? $"Row {row.Row}: the parent {parentCode} (row {p.Row}) has errors"
                            : $"Row {row.Row}: the parent code {parentCode} does not exist (it must exist or come in an earlier row)"));
            }

            OrgUnit? unit = null;
            if (errors.Count == before && existing.TryGetValue(code, out var current))
            {
                if (current.Level != level || current.ParentId != parent?.Id)
                    errors.Add(new(F("parentCode"), $"第 {row.Row} 行：{code} 已存在，但层级或上级与现有不同；请用“移动”修改上级",
                        $"Row {row.Row}: {code} exists with another level or parent; use Move to change its parent"));
                else if (current.Name != name && (!current.Active || NameFree(row.Row, current.ParentId, name, errors, F("name"))))
                {
                    if (current.Active)
                    {
                        named.Remove((current.ParentId, current.Name));
                        named[(current.ParentId, name)] = row.Row;
                    }
                    current.Name = name;
                    current.UpdatedAt = now;
                    renamed.Add(current);
                    unit = current;
                }
                else if (current.Name == name)
                {
                    unchanged++;
                    unit = current;
                }
            }
            else if (errors.Count == before)
            {
                if (OrgRules.CheckParent(F("level"), F("parentCode"), level!.Value, parent, rootExists) is { } v)
                    errors.Add(v with { MessageZhCn = $"第 {row.Row} 行：{v.MessageZhCn}", MessageEn = $"Row {row.Row}: {v.MessageEn}" });
                else if (NameFree(row.Row, parent?.Id, name, errors, F("name")))
                {
                    named[(parent?.Id, name)] = row.Row;
                    unit = OrgUnit.Create(code, name, level.Value, parent, now);
                    created.Add(unit);
                    rootExists |= parent is null;
                }
            }
            if (code.Length > 0 && !inFile.ContainsKey(code)) inFile[code] = (row.Row, unit);
        }

        return (created, renamed, unchanged, existing.Values, errors);
    }
}
