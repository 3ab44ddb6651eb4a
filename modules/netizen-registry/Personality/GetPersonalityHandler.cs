namespace NetInfoSuite.Modules.NetizenRegistry.Personality;

/// <summary>Answers the contract <see cref="GetPersonality"/> (e.g. for 宁安市's 镜泊湖冬捕 plugin, which lists a campaign's
/// participants): the real name of a personality of the caller's subtree who consented (告知同意), otherwise the public
/// alias, never contact data; null when unknown or outside the caller's subtree (ADR 0028).</summary>
internal sealed class GetPersonalityHandler(IQuerySession session, ICallerScope scope, PersonalData data) : IRequestHandler<GetPersonality, PersonalityInfo?>
{
    public async Task<PersonalityInfo?> Handle(GetPersonality query, CancellationToken ct) =>
        await session.LoadInScopeAsync<Profile>(scope, query.Id, ct) is { } profile
            ? new PersonalityInfo(profile.Id, profile.Consent == ConsentStatus.Consented ? profile.OpenRealName(data) ?? profile.Alias : profile.Alias)
            : null;
}
