namespace NetInfoSuite.Modules.AccountMatrix.Domain;

/// <summary>The published communication indexes. Each ranking records the formula version it used, so an old
/// ranking can be computed again the same way (docs/adr/0011).</summary>
internal static class Indexes
{
    /// <summary>WCI V14.2 as published: peak power P from the period's four separate maxima.</summary>
    public const string WciVersion = "WCI V14.2 r2";
    /// <summary>The first implementation of WCI V14.2 (P = S of the one article with the highest S); rankings
    /// published before r2 carry it.</summary>
    public const string WciBestArticleVersion = "WCI V14.2";
    public const string BciVersion = "BCI", DciVersion = "DCI";

    private static double L(double x) => Math.Log(x + 1);

    /// <summary>S(r, z, l, s) = 0.70·ln(r+1) + 0.09·ln(10z+1) + 0.06·ln(10l+1) + 0.15·ln(10s+1).</summary>
    public static double S(double reads, double wows, double likes, double shares) =>
        0.70 * L(reads) + 0.09 * L(10 * wows) + 0.06 * L(10 * likes) + 0.15 * L(10 * shares);

    /// <summary>WeChat: WCI = (0.6·O + 0.2·A + 0.1·H + 0.1·P)² × 12, with O = S(totals ÷ d), A = S(totals ÷ n),
    /// H = S(headline totals ÷ d), P = S(Rmax, Zmax, Lmax, REmax), the period's highest reads, 在看, likes and
    /// shares of any article (possibly four different ones); d days in the period, n articles. The legacy
    /// version took P as the S of the one article with the highest S.</summary>
    public static double Wci(WeChatTotals t, int days, string version = WciVersion)
    {
        var o = S(t.Reads / (double)days, t.Wows / (double)days, t.Likes / (double)days, t.Shares / (double)days);
        var a = t.Articles == 0 ? 0 : S(t.Reads / (double)t.Articles, t.Wows / (double)t.Articles, t.Likes / (double)t.Articles, t.Shares / (double)t.Articles);
        var h = S(t.HeadlineReads / (double)days, t.HeadlineWows / (double)days, t.HeadlineLikes / (double)days, t.HeadlineShares / (double)days);
        var p = version == WciBestArticleVersion ? t.BestArticleS : S(t.MaxReads, t.MaxWows, t.MaxLikes, t.MaxShares);
        var score = 0.6 * o + 0.2 * a + 0.1 * h + 0.1 * p;
        return score * score * 12;
    }

    /// <summary>Weibo: BCI = (0.2·W1 + 0.8·W2) × 160.</summary>
    public static double Bci(DailyTotals t)
    {
        var w1 = 0.3 * L(t.Posts) + 0.7 * L(t.OriginalPosts);
        var w2 = 0.2 * L(t.Reposts) + 0.2 * L(t.Comments) + 0.25 * L(t.OriginalReposts) + 0.25 * L(t.OriginalComments) + 0.1 * L(t.Likes);
        return (0.2 * w1 + 0.8 * w2) * 160;
    }

    /// <summary>Short video: DCI = [0.10·ln(videos+1) + 0.76·(0.17·ln(likes+1) + 0.37·ln(comments+1) + 0.46·ln(shares+1))
    /// + 0.14·(0.11·ln(new followers+1) + 0.89·ln(followers+1))] × 100.</summary>
    public static double Dci(DailyTotals t) =>
        (0.10 * L(t.Posts) + 0.76 * (0.17 * L(t.Likes) + 0.37 * L(t.Comments) + 0.46 * L(t.Shares))
         + 0.14 * (0.11 * L(t.NewFollowers) + 0.89 * L(t.Followers))) * 100;

    /// <summary>The versions a platform's ranking can be computed with, current first.</summary>
    public static IReadOnlyList<string> VersionsFor(AccountPlatform platform) => VersionFor(platform) switch
    {
        WciVersion => [WciVersion, WciBestArticleVersion],
        { } version => [version],
        null => [],
    };

    public static string? VersionFor(AccountPlatform platform) => platform switch
    {
        AccountPlatform.WeChat => WciVersion,
        AccountPlatform.Weibo => BciVersion,
        AccountPlatform.Douyin or AccountPlatform.Kuaishou or AccountPlatform.WeChatChannels or AccountPlatform.Bilibili => DciVersion,
        _ => null,
    };
}

internal sealed record WeChatTotals(long Articles, long Reads, long Wows, long Likes, long Shares,
    long HeadlineReads, long HeadlineWows, long HeadlineLikes, long HeadlineShares,
    long MaxReads, long MaxWows, long MaxLikes, long MaxShares, double BestArticleS);

internal sealed record DailyTotals(long Posts, long OriginalPosts, long Reposts, long Comments, long OriginalReposts, long OriginalComments,
    long Likes, long Shares, long NewFollowers, long Followers);
