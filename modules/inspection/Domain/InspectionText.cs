using System.Globalization;
using NetInfoSuite.Modules.Inspection.Scoring;
using static NetInfoSuite.Ui.Text;

namespace NetInfoSuite.Modules.Inspection.Domain;

/// <summary>How the pages name the module's states and methods (never the enum's name).</summary>
internal static class InspectionText
{
    public static string Method(ScoringMethod method) => method switch
    {
        ScoringMethod.Auto => T("自动计分", "Automatic"),
        ScoringMethod.Manual => T("人工评分", "Manual"),
        ScoringMethod.Deduction => T("扣分", "Deduction"),
        ScoringMethod.Veto => T("单项否决", "Veto"),
        _ => T("加分", "Bonus"),
    };

    public static string Status(PlanStatus status) => status == PlanStatus.Draft ? T("评分中", "Scoring") : T("已发布", "Published");

    public static string Missing(MissingSourceRule rule) => rule == MissingSourceRule.Rescale
        ? T("不计该项，总分按比例折算", "Leave it out and rescale the total") : T("改为人工评分", "Score it by hand");

    public static string State(EntryState? state) => state switch
    {
        EntryState.Scored => T("已计分", "Scored"),
        EntryState.Pending => T("待评分", "Awaiting a score"),
        EntryState.LeftOut => T("不计分（模块未启用）", "Left out (module off)"),
        EntryState.ManualFallback => T("待人工评分（模块未启用）", "Awaiting a manual score (module off)"),
        EntryState.Passed => T("未触发", "Passed"),
        EntryState.Failed => T("否决", "Failed"),
        _ => "",
    };

    public static string Severity(NetInfoSuite.Contracts.Compliance.CaseSeverity severity) => severity switch
    {
        NetInfoSuite.Contracts.Compliance.CaseSeverity.Minor => T("一般", "Minor"),
        NetInfoSuite.Contracts.Compliance.CaseSeverity.Moderate => T("较重", "Moderate"),
        NetInfoSuite.Contracts.Compliance.CaseSeverity.Serious => T("严重", "Serious"),
        _ => T("特别严重", "Critical"),
    };

    public static string Source(string? code) => Sources.Find(code) is { } s ? $"{s.ModuleName.Current} · {s.Name.Current}" : "";

    /// <summary>Points as pages show them: two decimals at most.</summary>
    public static string Points(double? points) => points is { } p ? p.ToString("0.##", CultureInfo.InvariantCulture) : "—";

    public static string Figure(Source? source, double? value) => value is not { } v ? "—"
        : source?.Kind == FigureKind.Rate ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%"
        : v.ToString("0.##", CultureInfo.InvariantCulture);
}
