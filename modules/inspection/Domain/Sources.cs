using NetInfoSuite.Contracts.AccountMatrix;
using NetInfoSuite.Contracts.Compliance;
using NetInfoSuite.Contracts.GridDispatch;
using NetInfoSuite.Contracts.NetizenRegistry;

namespace NetInfoSuite.Modules.Inspection.Domain;

/// <summary>What a figure is: a count (full points at the indicator's parameter), a rate 0..1 (points × rate) or a score
/// out of 100 (points × score ÷ 100).</summary>
public enum FigureKind { Count, Rate, Score }

/// <summary>One figure another module keeps, read through its contract for a target unit's subtree over the plan's
/// period. <see cref="Formula"/> says how the figure becomes points (shown on the plan and score card pages).</summary>
public sealed record Source(string Code, LocalizedText Name, string Module, LocalizedText ModuleName, string Contract, FigureKind Kind,
    bool LowerIsBetter, LocalizedText Formula);

/// <summary>A figure as read: its value (null when the module could not give it, with why), a note (e.g. no messages
/// in the period) and where it came from.</summary>
public sealed record Figure(double? Value, LocalizedText? Note, string Origin, bool Unavailable = false);

/// <summary>The catalogue of figures an indicator may be fed by. Adding one here is all an indicator needs.</summary>
public static class Sources
{
    private const string Matrix = "account-matrix", Grid = "grid-dispatch", Compliance = "compliance", Registry = "netizen-registry";
    private static readonly LocalizedText MatrixName = new("新媒体矩阵", "Account matrix"), GridName = new("网格群传播", "Grid dispatch"),
        ComplianceName = new("合规整改", "Compliance"), RegistryName = new("网络人士", "Netizen registry");

    private static readonly LocalizedText CountUp = new("达到参数值得满分，不足按比例：分值 × min(1, 数值 ÷ 参数)",
        "Full points at the parameter, proportionally below: points × min(1, figure ÷ parameter)");
    private static readonly LocalizedText CountDown = new("扣分项：每个扣参数分，扣完为止；否决项：超过参数即否决",
        "Deduction: the parameter per item, never below 0; veto: fails above the parameter");
    private static readonly LocalizedText RateUp = new("分值 × 比率（本期无基数时得满分）", "Points × rate (full points when the period has nothing to count)");

    public static readonly IReadOnlyList<Source> All =
    [
        new("matrix.dormant", new("僵尸号（两周未更新）数", "Dormant accounts (no post for 2 weeks)"), Matrix, MatrixName, nameof(GetDormantAccountsOfUnit),
            FigureKind.Count, true, CountDown),
        new("matrix.unanswered", new("超过3个月未回复的网民留言数", "Messages unanswered over 3 months"), Matrix, MatrixName, nameof(GetMessageFigures),
            FigureKind.Count, true, CountDown),
        new("matrix.reply-rate", new("网民留言回复率", "Message reply rate"), Matrix, MatrixName, nameof(GetMessageFigures), FigureKind.Rate, false, RateUp),
        new("matrix.posts", new("发文数", "Posts"), Matrix, MatrixName, nameof(GetMatrixSummary), FigureKind.Count, false, CountUp),
        new("matrix.repost-rate", new("指令转发完成率", "Repost tasks done"), Matrix, MatrixName, nameof(GetMatrixSummary), FigureKind.Rate, false, RateUp),
        new("matrix.unlicensed", new("新闻类账号无有效资质数", "News accounts without a valid licence"), Matrix, MatrixName, nameof(GetMatrixSummary),
            FigureKind.Count, true, CountDown),
        new("matrix.ranking", new("微信传播力排名位次（WCI）", "WeChat ranking position (WCI)"), Matrix, MatrixName, nameof(GetAccountRanking),
            FigureKind.Rate, false, new("分值 × (1 − (本单位最好名次 − 1) ÷ 上榜账号数)；无上榜账号得 0 分",
                "Points × (1 − (best rank of the unit's accounts − 1) ÷ accounts ranked); none ranked earns 0")),
        new("grid.score", new("网格传播考评得分", "Grid dispatch evaluation score"), Grid, GridName, nameof(GetUnitEvaluations), FigureKind.Score, false,
            new("分值 × 考评得分 ÷ 100（本期无任务得满分）", "Points × evaluation score ÷ 100 (full points when no task was due)")),
        new("grid.completion", new("传播指令完成率", "Directive completion rate"), Grid, GridName, nameof(GetUnitEvaluations), FigureKind.Rate, false, RateUp),
        new("compliance.overdue", new("整改逾期的通知书数", "Notices overdue or closed late"), Compliance, ComplianceName, nameof(GetComplianceSummary),
            FigureKind.Count, true, CountDown),
        new("compliance.serious", new("严重及特别严重审核案件数", "Serious and critical review cases"), Compliance, ComplianceName, nameof(GetComplianceSummary),
            FigureKind.Count, true, CountDown),
        new("compliance.closure-rate", new("整改通知书办结率", "Notices closed"), Compliance, ComplianceName, nameof(GetComplianceSummary), FigureKind.Rate,
            false, new("分值 × 办结数 ÷ (办结数 + 未办结数)（本期无通知书得满分）", "Points × closed ÷ (closed + open) (full points when none was issued)")),
        new("netizen.personalities", new("联系的网络人士数", "Online personalities kept"), Registry, RegistryName, nameof(GetNetizenSummary),
            FigureKind.Count, false, CountUp),
        new("netizen.good-netizens", new("典型好网民和获得荣誉数", "Typical good netizens and honours"), Registry, RegistryName, nameof(GetNetizenSummary),
            FigureKind.Count, false, CountUp),
        new("netizen.trip-participants", new("采风活动参与人数", "Field trip participants"), Registry, RegistryName, nameof(GetNetizenSummary),
            FigureKind.Count, false, CountUp),
    ];

    private static readonly Dictionary<string, Source> ByCode = All.ToDictionary(s => s.Code, StringComparer.Ordinal);

    public static Source? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var source) ? source : null;
}
