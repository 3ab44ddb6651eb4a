namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

internal static class ProfileStore
{
    /// <summary>A profile of the caller's subtree that was not erased (404 / 400 otherwise).</summary>
    public static async Task<Profile> LoadLiveProfile(this IQuerySession session, ICallerScope scope, Guid id, CancellationToken ct)
    {
        var profile = await session.LoadInScopeOrThrowAsync<Profile>(scope, id, "profile", ct);
        return profile.AnonymisedAt is null ? profile : throw new RuleViolationException("id", "该人士的个人信息已删除", "This person's data was erased");
    }

    /// <summary>A live profile read after locking its row until the command commits; call it instead of LoadLiveProfile to
    /// change the profile. Every change rewrites the whole profile: without the lock an officer's edit stored at the moment an
    /// honour was added dropped the honour (and 20 honours at once kept 1), each answered 200.</summary>
    public static async Task<Profile> LoadProfileForChange(this IDocumentSession session, IDocumentStore store, ICallerScope scope, Guid id, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.LockRowsAsync<Profile>(store, [id], ct);
        return await session.LoadLiveProfile(scope, id, ct);
    }

    /// <summary>Locks the documents' rows (in id order, so two commands locking several never wait on each other) until the
    /// transaction the caller began commits. The statement returns no rows to Marten: it is run, not queued.</summary>
    public static async Task LockRowsAsync<T>(this IDocumentSession session, IDocumentStore store, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        var table = store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;
        await using var lockRows = new Npgsql.NpgsqlCommand($"select 1 from {table} where id = any($1) order by id for update", session.Connection)
            { Parameters = { new() { Value = ids.Distinct().Order().ToArray() } } };
        await lockRows.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Web addresses as the registry accepts them.</summary>
internal static class Links
{
    public static bool IsWeb(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
