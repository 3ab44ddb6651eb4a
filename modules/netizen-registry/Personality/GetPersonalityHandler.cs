namespace NetInfoSuite.Modules.NetizenRegistry.Personality;

/// <summary>Answers the contract <see cref="GetPersonality"/> (e.g. for 宁安市's 镜泊湖冬捕 plugin): the public alias of a
/// personality of the caller's subtree, never personal data; null when unknown or outside the caller's subtree.</summary>
internal sealed class GetPersonalityHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<GetPersonality, PersonalityInfo?>
{
    public async Task<PersonalityInfo?> Handle(GetPersonality query, CancellationToken ct) =>
        await session.LoadInScopeAsync<Profile>(scope, query.Id, ct) is { } profile ? new PersonalityInfo(profile.Id, profile.Alias) : null;
}
