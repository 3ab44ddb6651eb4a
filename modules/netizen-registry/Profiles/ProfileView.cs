namespace NetInfoSuite.Modules.NetizenRegistry.Profiles;

public sealed record PresenceView(NetizenPlatform Platform, string Handle, long Followers, IReadOnlyList<FollowerReading> History);

/// <summary>A profile as lists, pages and the API show it: no personal data unmasked.</summary>
public sealed record ProfileView(Guid Id, string Alias, NetizenField Field, Guid UnitId, InfluenceTier Tier, long Followers,
    IReadOnlyList<PresenceView> Platforms, string ContactKeeper, ConsentStatus Consent, DateOnly? ConsentOn, IReadOnlyList<string> Tags,
    ContactMasks Masked, bool Anonymised, Membership? Association, TypicalExample? Typical, IReadOnlyList<Honour> Honours,
    Guid? PossibleDuplicateOf, IReadOnlyList<MergeRecord> Merged)
{
    internal static ProfileView Of(Profile p) => new(p.Id, p.Alias, p.Field, p.UnitId, p.Tier,
        p.Platforms.Select(x => x.LatestFollowers).DefaultIfEmpty(0).Max(),
        p.Platforms.Select(x => new PresenceView(x.Platform, x.Handle, x.LatestFollowers, x.Followers.OrderBy(f => f.On).ToList())).ToList(),
        p.ContactKeeper, p.Consent, p.ConsentOn, p.Tags, p.Masked, p.AnonymisedAt is not null, p.Association, p.Typical,
        p.Honours.OrderByDescending(h => h.AwardedOn).ToList(), p.PossibleDuplicateOf, p.Merged);
}
