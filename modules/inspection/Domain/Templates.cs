namespace NetInfoSuite.Modules.Inspection.Domain;

/// <summary>Built-in plan templates, copied into a new plan (the copy is the plan's own to change).</summary>
internal static class Templates
{
    public const string GovNewMedia = "gov-new-media";

    /// <summary>Each template's full name, and a short one for a phone-wide list.</summary>
    public static readonly IReadOnlyList<(string Code, LocalizedText Name, LocalizedText Short)> All =
    [
        (GovNewMedia, new("政务新媒体检查指标（参照国办秘函〔2019〕19号）", "Government new media checklist (after 国办秘函〔2019〕19号)"),
            new("政务新媒体检查", "Gov. new media")),
    ];

    public static string NameOf(string code) => All.FirstOrDefault(t => t.Code == code).Name?.Current ?? code;

    /// <summary>Modelled on 政府网站与政务新媒体检查指标: three veto items (a security incident or leak; no update for two
    /// weeks, fed by the dormant accounts; messages unanswered for over three months, fed by the message figures),
    /// deductions from 100, up to 20 bonus points only at 80 or more, fail below 60.</summary>
    public static void ApplyGovNewMedia(Plan plan)
    {
        var order = 0;
        Indicator Node(Indicator? parent, string name, double points, ScoringMethod method, string? source = null, double parameter = 0, string? description = null)
        {
            var node = new Indicator
            {
                Id = Guid.CreateVersion7(), Parent = parent?.Id, Order = order++, Name = name, Points = points, Method = method, Source = source,
                Parameter = parameter, Description = description,
            };
            plan.Indicators.Add(node);
            return node;
        }

        var veto = Node(null, "单项否决", 0, ScoringMethod.Veto);
        Node(veto, "安全、泄密事故", 0, ScoringMethod.Veto, description: "发生严重表述错误、泄露国家秘密，或发布、链接反动、暴力、色情等内容");
        Node(veto, "内容不更新", 0, ScoringMethod.Veto, "matrix.dormant", 0, "监测时间点前 2 周内无更新的账号（僵尸号）");
        Node(veto, "互动回应差", 0, ScoringMethod.Veto, "matrix.unanswered", 0, "网民留言超过 3 个月未回复");

        var safety = Node(null, "安全管理", 20, ScoringMethod.Deduction);
        Node(safety, "账号资质", 10, ScoringMethod.Deduction, "matrix.unlicensed", 5, "新闻类账号无有效互联网新闻信息服务资质，每个扣 5 分");
        Node(safety, "内容安全", 10, ScoringMethod.Deduction, "compliance.serious", 5, "严重及以上审核案件，每件扣 5 分");
        var publish = Node(null, "信息发布", 30, ScoringMethod.Deduction);
        Node(publish, "更新频率", 15, ScoringMethod.Deduction, parameter: 3, description: "更新不及时、长期转载，每发现一处扣 3 分");
        Node(publish, "内容质量", 15, ScoringMethod.Deduction, parameter: 3, description: "发布内容与职能无关、表述不规范、转载未注明来源，每发现一处扣 3 分");
        var respond = Node(null, "互动回应", 30, ScoringMethod.Deduction);
        Node(respond, "留言办理", 20, ScoringMethod.Auto, "matrix.reply-rate", 0, "按网民留言回复率计分");
        Node(respond, "问题整改", 10, ScoringMethod.Deduction, "compliance.overdue", 5, "整改通知书逾期或逾期办结，每件扣 5 分");
        var ops = Node(null, "功能设计与运维", 20, ScoringMethod.Deduction);
        Node(ops, "账号管理", 10, ScoringMethod.Deduction, parameter: 2, description: "名称、头像、简介不规范，多头开设、功能重复，每发现一处扣 2 分");
        Node(ops, "协同联动", 10, ScoringMethod.Auto, "matrix.repost-rate", 0, "按指令转发任务完成率计分");
        var bonus = Node(null, "加分项", 20, ScoringMethod.Bonus);
        Node(bonus, "创新应用", 10, ScoringMethod.Bonus, description: "服务创新、融合传播的典型做法");
        Node(bonus, "示范表彰", 10, ScoringMethod.Bonus, description: "获评国家、省级优秀政务新媒体等");

        plan.Grades = [new() { Name = "优秀", Min = 90 }, new() { Name = "良好", Min = 80 }, new() { Name = "合格", Min = 60 }, new() { Name = "不合格", Min = 0 }];
        (plan.BonusThreshold, plan.BonusCap, plan.MissingSource) = (80, 20, MissingSourceRule.Manual);
    }
}
