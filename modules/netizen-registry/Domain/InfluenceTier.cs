namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

/// <summary>Influence by followers on the personality's largest platform (latest count), thresholds in
/// README (Modules): 头部 ≥ 1,000,000; 腰部 ≥ 100,000; 成长 ≥ 10,000; 起步 below.</summary>
public enum InfluenceTier { Emerging, Growing, Major, Top }

public static class InfluenceTiers
{
    public const long Growing = 10_000, Major = 100_000, Top = 1_000_000;

    public static InfluenceTier Of(long followers) => followers switch
    {
        >= Top => InfluenceTier.Top,
        >= Major => InfluenceTier.Major,
        >= Growing => InfluenceTier.Growing,
        _ => InfluenceTier.Emerging,
    };
}
