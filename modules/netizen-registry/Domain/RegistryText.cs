namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

/// <summary>How the registry's values read on pages and in workbooks (never an enum name).</summary>
public static class RegistryText
{
    public static LocalizedText Field(NetizenField field) => field switch
    {
        NetizenField.SelfMedia => new("自媒体", "Self-media"),
        NetizenField.OnlineWriter => new("网络作家", "Online writer"),
        NetizenField.Streamer => new("主播", "Streamer"),
        NetizenField.OpinionLeader => new("意见领袖", "Opinion leader"),
        _ => new("其他", "Other"),
    };

    public static LocalizedText Tier(InfluenceTier tier) => tier switch
    {
        InfluenceTier.Top => new("头部（百万粉丝以上）", "Top (1M+ followers)"),
        InfluenceTier.Major => new("腰部（十万粉丝以上）", "Major (100k+)"),
        InfluenceTier.Growing => new("成长（万粉以上）", "Growing (10k+)"),
        _ => new("起步（万粉以下）", "Emerging (under 10k)"),
    };

    public static LocalizedText Platform(NetizenPlatform platform) => platform switch
    {
        NetizenPlatform.WeChat => new("微信公众号", "WeChat"),
        NetizenPlatform.Weibo => new("微博", "Weibo"),
        NetizenPlatform.Douyin => new("抖音", "Douyin"),
        NetizenPlatform.Kuaishou => new("快手", "Kuaishou"),
        NetizenPlatform.Bilibili => new("哔哩哔哩", "Bilibili"),
        NetizenPlatform.Xiaohongshu => new("小红书", "Xiaohongshu"),
        NetizenPlatform.Toutiao => new("今日头条", "Toutiao"),
        NetizenPlatform.Zhihu => new("知乎", "Zhihu"),
        _ => new("其他平台", "Other"),
    };

    public static LocalizedText Consent(ConsentStatus status) => status switch
    {
        ConsentStatus.Informed => new("已告知", "Informed"),
        ConsentStatus.Consented => new("已同意", "Consented"),
        ConsentStatus.Withdrawn => new("已撤回同意", "Withdrawn"),
        _ => new("未告知", "Not informed"),
    };

    public static LocalizedText Processing(Processing kind) => kind switch
    {
        Domain.Processing.Collected => new("收集登记", "Collected"),
        Domain.Processing.Changed => new("修改", "Changed"),
        Domain.Processing.Revealed => new("查看完整信息", "Revealed"),
        Domain.Processing.Exported => new("导出", "Exported"),
        _ => new("删除（匿名化）", "Erased (anonymised)"),
    };

    public static LocalizedText Level(HonourLevel level) => level switch
    {
        HonourLevel.National => new("国家级", "National"),
        HonourLevel.Provincial => new("省级", "Provincial"),
        HonourLevel.County => new("县级", "County"),
        _ => new("市级", "City"),
    };

    public static LocalizedText Interaction(InteractionKind kind) => kind switch
    {
        InteractionKind.Forum => new("座谈会", "Forum"),
        InteractionKind.Visit => new("走访", "Visit"),
        InteractionKind.ContactPoint => new("联系点活动", "Contact point"),
        InteractionKind.AssociationActivity => new("协会活动", "Association activity"),
        _ => new("网上联系", "Online contact"),
    };
}
