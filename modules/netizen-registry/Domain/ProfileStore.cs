namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

internal static class ProfileStore
{
    /// <summary>A profile of the caller's subtree that was not erased (404 / 400 otherwise).</summary>
    public static async Task<Profile> LoadLiveProfile(this IQuerySession session, ICallerScope scope, Guid id, CancellationToken ct)
    {
        var profile = await session.LoadInScopeOrThrowAsync<Profile>(scope, id, "profile", ct);
        return profile.AnonymisedAt is null ? profile : throw new RuleViolationException("id", "该人士的个人信息已删除", "This person's data was erased");
    }
}

/// <summary>Web addresses as the registry accepts them.</summary>
internal static class Links
{
    public static bool IsWeb(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
