using MiniExcelLibs;
using NetInfoSuite.Modules.NetizenRegistry.Profiles;

namespace NetInfoSuite.Modules.NetizenRegistry.Survey;

/// <summary>The 摸底调查 workbook: one personality per row, the unit named by its code.</summary>
internal static class SurveySheet
{
    public const string Alias = "网名", Field = "领域", UnitCode = "联系单位编码", Platform = "平台", Handle = "平台账号", Followers = "粉丝数",
        RealName = "真实姓名", Mobile = "手机号码", Email = "电子邮箱", WeChat = "微信号", Consent = "告知同意", ConsentOn = "告知同意日期", Tags = "标签";
    public const int MaxRows = 20_000;

    /// <summary>The columns in order with the template's example line.</summary>
    public static readonly NetInfoSuite.Ui.SheetLayout Layout = new((Alias, "镜泊雪"), (Field, "自媒体"), (UnitCode, "231084"), (Platform, "抖音"),
        (Handle, "jingpoxue"), (Followers, 150000), (RealName, "张三"), (Mobile, "13800000000"), (Email, ""), (WeChat, ""), (Consent, "已告知"),
        (ConsentOn, "2026-11-01"), (Tags, "冬捕 文旅"));

    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["alias"] = Alias, ["field"] = Field, ["unitId"] = UnitCode, ["platform"] = Platform, ["handle"] = Handle, ["followers"] = Followers,
        ["realName"] = RealName, ["mobile"] = Mobile, ["email"] = Email, ["weChat"] = WeChat, ["consent"] = Consent, ["consentOn"] = ConsentOn,
    };

    public sealed record Row(int Number, IReadOnlyDictionary<string, string> Cells)
    {
        public string Cell(string header) => Cells.TryGetValue(header, out var v) ? v : "";
    }

    /// <summary>The data rows (the header row first in the sheet), blank rows left out.</summary>
    public static List<Row> Read(Stream xlsx)
    {
        try
        {
            return MiniExcel.Query(xlsx, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().Take(MaxRows + 1)
                .Select((raw, i) => new Row(i + 2, raw.ToDictionary(c => c.Key.Trim(), c => Text(c.Value))))
                .Where(r => r.Cells.Values.Any(v => v.Length > 0)).ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not RuleViolationException)
        {
            throw new RuleViolationException("file", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件", "The file cannot be read; upload an .xlsx workbook");
        }
    }

    private static string Text(object? value) => value switch
    {
        DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        double n => n.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture),
        _ => NetInfoSuite.Ui.ExportCells.Unquote(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? ""),
    };

    public static Violation Error(int row, string field, string zh, string en) => new($"rows[{row}].{field}", $"第 {row} 行：{zh}", $"Row {row}: {en}");

    private static readonly Dictionary<string, NetizenField> Fields =
        Enum.GetValues<NetizenField>().ToDictionary(f => RegistryText.Field(f).ZhCn, f => f);
    private static readonly Dictionary<string, NetizenPlatform> Platforms =
        Enum.GetValues<NetizenPlatform>().SelectMany(p => new[] { (RegistryText.Platform(p).ZhCn, p), (p.ToString(), p) }).DistinctBy(x => x.Item1).ToDictionary(x => x.Item1, x => x.p);
    private static readonly Dictionary<string, ConsentStatus> Consents =
        Enum.GetValues<ConsentStatus>().ToDictionary(c => RegistryText.Consent(c).ZhCn, c => c);

    /// <summary>The row as a registration, or its errors (never repeating a personal value).</summary>
    public static (RegisterProfile? Command, List<Violation> Errors) Parse(Row r, IReadOnlyDictionary<string, Guid> units)
    {
        var errors = new List<Violation>();
        void Error(string field, string zh, string en) => errors.Add(SurveySheet.Error(r.Number, field, zh, en));
        var alias = r.Cell(Alias);
        if (alias.Length is 0 or > 100) Error("alias", "须填写网名（100 字以内）", "give the alias (up to 100 characters)");
        var field = NetizenField.Other;
        if (r.Cell(Field).Length > 0 && !Fields.TryGetValue(r.Cell(Field), out field))
            Error("field", $"领域须为 {string.Join("、", Fields.Keys)}", $"the field must be one of {string.Join(", ", Fields.Keys)}");
        if (!units.TryGetValue(r.Cell(UnitCode), out var unit))
            Error("unitId", $"单位编码“{r.Cell(UnitCode)}”不存在或不在本单位范围内", $"unit code '{r.Cell(UnitCode)}' does not exist or is outside your unit");
        var platforms = new List<PresenceInput>();
        if (r.Cell(Handle).Length > 0)
        {
            if (!Platforms.TryGetValue(r.Cell(Platform), out var platform))
                Error("platform", $"平台须为 {string.Join("、", Enum.GetValues<NetizenPlatform>().Select(p => RegistryText.Platform(p).ZhCn))}", "the platform is not known");
            long followers = 0;
            if (r.Cell(Followers).Length > 0 && (!long.TryParse(r.Cell(Followers), out followers) || followers < 0))
                Error("followers", "粉丝数须为不小于 0 的整数", "followers must be a whole number, 0 or more");
            if (r.Cell(Handle).Length > 100) Error("handle", "平台账号不能超过 100 字", "the handle must not exceed 100 characters");
            platforms.Add(new PresenceInput(platform, r.Cell(Handle), followers));
        }
        var mobile = r.Cell(Mobile);
        if (mobile.Length > 0 && Masks.NormaliseMobile(mobile) is null) Error("mobile", "须为 11 位手机号码", "must be an 11-digit mobile number");
        if (r.Cell(RealName).Length > 50) Error("realName", "姓名不能超过 50 字", "the name must not exceed 50 characters");
        var email = r.Cell(Email);
        if (email.Length > 0 && (email.Length > 100 || email.IndexOf('@') is <= 0)) Error("email", "须为电子邮箱地址", "must be an e-mail address");
        if (r.Cell(WeChat).Length > 50) Error("weChat", "微信号不能超过 50 字", "the WeChat id must not exceed 50 characters");
        var consent = ConsentStatus.NotInformed;
        if (r.Cell(Consent).Length > 0 && !Consents.TryGetValue(r.Cell(Consent), out consent))
            Error("consent", $"告知同意须为 {string.Join("、", Consents.Keys)}", "the consent status is not known");
        DateOnly? consentOn = null;
        if (consent != ConsentStatus.NotInformed)
        {
            if (DateOnly.TryParse(r.Cell(ConsentOn), System.Globalization.CultureInfo.InvariantCulture, out var on) && on.Year is >= 1900 and <= 2199) consentOn = on;
            else Error("consentOn", "已告知或同意的，须填写日期（如 2026-11-01）", "give the date informed or agreed (e.g. 2026-11-01)");
        }
        var tags = r.Cell(Tags).Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (tags.Count > 20 || tags.Any(t => t.Length > 20)) Error("tags", "标签最多 20 个，每个不超过 20 字", "at most 20 tags of up to 20 characters");
        return errors.Count > 0 ? (null, errors)
            : (new RegisterProfile(alias, field, unit, platforms, consent, consentOn, tags,
                new Contact(r.Cell(RealName), mobile.Length > 0 ? Masks.NormaliseMobile(mobile) : null, email, r.Cell(WeChat))), errors);
    }
}
