using NetInfoSuite.Contracts.Directory;

namespace NetInfoSuite.Modules.AccountMatrix.Registry;

/// <summary>The registry workbook: one account per row, the owner unit named by its code, operators written
/// "张三 13800000000；李四". Export writes the same layout (plus status), so an export edits and imports back.</summary>
internal static class AccountSheet
{
    public const string Name = "名称", Platform = "平台", Handle = "账号", Category = "类别", UnitCode = "主管单位编码", Operators = "运营人员",
        Verified = "已认证", LicenceNumber = "许可证编号", LicenceIssuer = "发证机关", LicenceFrom = "许可证生效日期", LicenceTo = "许可证有效期至",
        SecondReason = "第二账号理由", Status = "状态";
    public const int MaxRows = 20_000;

    /// <summary>The columns as exported, with the template's example line (the status is not imported: a new account is applied for).</summary>
    public static readonly NetInfoSuite.Ui.SheetLayout Layout = new((Name, "东安发布"), (Platform, "微信公众号"), (Handle, "dongan_fabu"),
        (Category, "政务类"), (UnitCode, "231002"), (Operators, "张伟 13800000000；李娜"), (Verified, "是"), (LicenceNumber, ""), (LicenceIssuer, ""),
        (LicenceFrom, ""), (LicenceTo, ""), (SecondReason, ""), (Status, ""));

    /// <summary>The headers by the field names the import's errors use.</summary>
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["name"] = Name, ["handle"] = Handle, ["platform"] = Platform, ["category"] = Category, ["ownerUnitId"] = UnitCode,
        ["licence"] = LicenceNumber, ["licence.validTo"] = LicenceTo, ["secondAccountReason"] = SecondReason,
    };

    public static List<Workbook.Row> Read(Stream xlsx) =>
        Workbook.Read(xlsx, MaxRows).Where(r => r.Cell(Name).Length > 0 || r.Cell(Handle).Length > 0).ToList();

    /// <summary>The row as a registration, or its errors (each naming the row and the column's field).</summary>
    public static (RegisterAccount? Command, List<Violation> Errors) Parse(Workbook.Row r, IReadOnlyDictionary<string, Guid> units)
    {
        var errors = new List<Violation>();
        void Error(string field, string zh, string en) => errors.Add(Workbook.RowError(r.Number, field, zh, en));
        var name = r.Cell(Name);
        var handle = r.Cell(Handle);
        if (name.Length is 0 or > 100) Error("name", "须填写名称（100 字以内）", "give the name (up to 100 characters)");
        if (handle.Length is 0 or > 100) Error("handle", "须填写账号（100 字以内）", "give the handle (up to 100 characters)");
        if (!Workbook.TryPlatform(r.Cell(Platform), out var platform))
            Error("platform", $"平台“{r.Cell(Platform)}”无效（如 {string.Join("、", Workbook.PlatformNames.Values)}）", $"platform '{r.Cell(Platform)}' is not one of {string.Join(", ", Enum.GetNames<AccountPlatform>())}");
        if (!Workbook.TryCategory(r.Cell(Category), out var category))
            Error("category", $"类别“{r.Cell(Category)}”须为政务类、新闻类或服务类", $"category '{r.Cell(Category)}' must be Government, News or Service");
        if (!units.TryGetValue(r.Cell(UnitCode), out var unit))
            Error("ownerUnitId", $"单位编码“{r.Cell(UnitCode)}”不存在或不在本单位范围内", $"unit code '{r.Cell(UnitCode)}' does not exist or is outside your unit");
        var operators = ParseOperators(r.Cell(Operators));
        NewsLicence? licence = null;
        if (r.Cell(LicenceNumber).Length > 0 || category == AccountCategory.News)
        {
            if (r.Cell(LicenceNumber).Length is 0 or > 50 || r.Cell(LicenceIssuer).Length is 0 or > 100)
                Error("licence", "新闻类账号须填写许可证编号和发证机关", "a News account needs its licence number and issuer");
            if (!Workbook.TryDay(r.Cell(LicenceFrom), out var from) || !Workbook.TryDay(r.Cell(LicenceTo), out var to) || to <= from)
                Error("licence.validTo", "许可证生效日期和有效期至须为日期，且有效期至晚于生效日期", "the licence's dates must be dates, the end after the start");
            else licence = new NewsLicence(r.Cell(LicenceNumber), r.Cell(LicenceIssuer), from, to);
        }
        var reason = r.Cell(SecondReason);
        if (reason.Length > 500) Error("secondAccountReason", "理由不能超过 500 字", "the reason must not exceed 500 characters");
        return errors.Count > 0 ? (null, errors)
            : (new RegisterAccount(name, platform, handle, category, unit, operators, r.Cell(Verified) is "是" or "true" or "TRUE" or "1", licence,
                reason.Length == 0 ? null : reason), errors);
    }

    /// <summary>Operators written "张三 13800000000；李四" (the workbook's and the form's way).</summary>
    public static List<AccountOperator> ParseOperators(string? text) =>
        (text ?? "").Split(['；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(o => o.Split(' ', 2, StringSplitOptions.TrimEntries)).Select(p => new AccountOperator(p[0], p.Length > 1 ? p[1] : null)).ToList();

    public static Dictionary<string, object?> Write(Account a, string unitCode) => new()
    {
        [Name] = a.Name, [Platform] = Workbook.PlatformNames[a.Platform], [Handle] = a.Handle, [Category] = Workbook.CategoryNames[a.Category],
        [UnitCode] = unitCode, [Operators] = string.Join("；", a.Operators.Select(o => $"{o.Name} {o.Contact}".Trim())),
        [Verified] = a.Verified ? "是" : "否", [LicenceNumber] = a.Licence?.Number, [LicenceIssuer] = a.Licence?.Issuer,
        [LicenceFrom] = a.Licence?.ValidFrom.ToString("yyyy-MM-dd"), [LicenceTo] = a.Licence?.ValidTo.ToString("yyyy-MM-dd"),
        [SecondReason] = a.SecondAccountReason, [Status] = AccountText.StatusNames(a.Status).Zh,
    };
}

public sealed record AccountImportResult(int Registered, int AlreadyRegistered);

/// <summary>Registers the workbook's accounts as Applied: every row or none, unless <paramref name="ValidRowsOnly"/>.
/// A row whose platform and handle are already registered is left as it is (importing twice changes nothing).</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record ImportAccounts(IReadOnlyList<Workbook.Row> Rows, bool ValidRowsOnly) : ICommand<AccountImportResult>;

/// <summary>What an import would do, without doing it: the errors of every row (the console's preview).</summary>
[RequiresPermission(AccountMatrixPermissions.Manage)]
internal sealed record CheckAccountWorkbook(IReadOnlyList<Workbook.Row> Rows) : IRequest<IReadOnlyList<Violation>>;

internal sealed class ImportAccountsHandler(IDocumentSession session, IMediator mediator, ICallerScope scope, ICaller caller, TimeProvider time, IOfficeClock clock)
    : IRequestHandler<ImportAccounts, AccountImportResult>, IRequestHandler<CheckAccountWorkbook, IReadOnlyList<Violation>>
{
    public async Task<AccountImportResult> Handle(ImportAccounts command, CancellationToken ct)
    {
        var (accounts, skipped, errors) = await PlanAsync(command.Rows, ct);
        if (errors.Count > 0 && (!command.ValidRowsOnly || accounts.Count == 0)) throw new RuleViolationException(errors);
        session.Store(accounts.ToArray());
        await session.SaveChangesAsync(ct);
        return new AccountImportResult(accounts.Count, skipped);
    }

    public async Task<IReadOnlyList<Violation>> Handle(CheckAccountWorkbook query, CancellationToken ct) => (await PlanAsync(query.Rows, ct)).Errors;

    // The accounts the rows register, the rows already registered, and every bad row's errors.
    private async Task<(List<Account> Accounts, int Skipped, List<Violation> Errors)> PlanAsync(IReadOnlyList<Workbook.Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0) throw new RuleViolationException("file", "文件中没有数据行", "The file has no data rows");
        if (rows.Count > AccountSheet.MaxRows) throw new RuleViolationException("file", $"一次最多导入 {AccountSheet.MaxRows} 行", $"At most {AccountSheet.MaxRows} rows per import");
        var codes = rows.Select(r => r.Cell(AccountSheet.UnitCode)).Distinct().ToList();
        var units = (await mediator.Send(new GetOrgUnitsByCode(codes), ct)).ToDictionary(u => u.Code, u => u.Id.Value);
        var existing = await (await session.QueryInScopeAsync<Account>(scope, ct)).ToListAsync(ct);
        var handles = existing.Select(a => (a.Platform, a.Handle)).ToHashSet();
        // Accounts per (unit, platform), counting the rows above: the second one needs its reason.
        var held = existing.Where(a => AccountRules.Live.Contains(a.Status)).Select(a => (a.OwnerUnitId, a.Platform)).ToHashSet();
        var places = new Dictionary<Guid, OrgPlace>();
        var (accounts, errors, skipped, now) = (new List<Account>(), new List<Violation>(), 0, time.GetUtcNow());
        foreach (var row in rows)
        {
            var (register, rowErrors) = AccountSheet.Parse(row, units);
            if (register is not null && handles.Contains((register.Platform, register.Handle))) { skipped++; continue; }
            if (register is not null)
                rowErrors.AddRange(AccountRules.Check(register, held.Contains((register.OwnerUnitId, register.Platform)), clock.Today)
                    .Select(v => Workbook.RowError(row.Number, v.Field, v.MessageZhCn, v.MessageEn)));
            if (register is null || rowErrors.Count > 0) { errors.AddRange(rowErrors); continue; }
            if (!places.TryGetValue(register.OwnerUnitId, out var place))
                places[register.OwnerUnitId] = place = (await scope.PlaceOfAsync(register.OwnerUnitId, ct))!;
            accounts.Add(AccountRules.New(register, place, held.Contains((register.OwnerUnitId, register.Platform)), caller.Login, now));
            held.Add((register.OwnerUnitId, register.Platform));
            handles.Add((register.Platform, register.Handle));
        }
        return (accounts, skipped, errors);
    }
}

/// <summary>The caller's accounts as the registry workbook.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ExportAccounts : IRequest<List<Dictionary<string, object?>>>;

internal sealed class ExportAccountsHandler(IQuerySession session, IMediator mediator, ICallerScope scope) : IRequestHandler<ExportAccounts, List<Dictionary<string, object?>>>
{
    public async Task<List<Dictionary<string, object?>>> Handle(ExportAccounts query, CancellationToken ct)
    {
        var accounts = await (await session.QueryInScopeAsync<Account>(scope, ct)).OrderBy(a => a.Name).ToListAsync(ct);
        var codes = (await mediator.Send(new GetOrgUnits(accounts.Select(a => new OrgUnitId(a.OwnerUnitId)).Distinct().ToList()), ct))
            .ToDictionary(u => u.Id.Value, u => u.Code);
        return accounts.Select(a => AccountSheet.Write(a, codes.GetValueOrDefault(a.OwnerUnitId, ""))).ToList();
    }
}

internal static class AccountSheetEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/accounts/import", async (IFormFile? file, bool? validRowsOnly, IMediator mediator, CancellationToken ct) =>
            {
                using var buffer = await Workbook.UploadAsync(file, ct, 10 * 1024 * 1024);
                return Results.Ok(await mediator.Send(new ImportAccounts(AccountSheet.Read(buffer), validRowsOnly ?? false), ct));
            })
            .RequirePermission(AccountMatrixPermissions.Manage)
            .WithSummary("Register accounts from an Excel workbook (名称, 平台, 账号, 类别, 主管单位编码 …); a bad row rejects the file unless validRowsOnly=true")
            .Produces<AccountImportResult>().ProducesValidationProblem().DisableAntiforgery();
        routes.MapGet("/accounts/export", async (IMediator mediator, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(AccountSheet.Layout.Rows(await mediator.Send(new ExportAccounts(), ct)), "accounts.xlsx"))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("The caller's accounts as the registry workbook");
        routes.MapGet("/accounts/import/template", () => NetInfoSuite.Ui.ExportCells.File(AccountSheet.Layout.Template(), "账号导入模板.xlsx"))
            .RequirePermission(AccountMatrixPermissions.Manage).WithSummary("The import's workbook with its header row and one example line");
    }
}
