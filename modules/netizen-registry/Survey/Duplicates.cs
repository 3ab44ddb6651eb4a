using NetInfoSuite.Modules.NetizenRegistry.Profiles;

namespace NetInfoSuite.Modules.NetizenRegistry.Survey;

/// <summary>A possible duplicate beside the profile it may repeat, for the side-by-side view.</summary>
public sealed record DuplicatePair(ProfileView Registered, ProfileView Duplicate);

/// <summary>The possible duplicates of the caller's subtree waiting for a decision.</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record ListDuplicates : IRequest<IReadOnlyList<DuplicatePair>>;

internal sealed class ListDuplicatesHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListDuplicates, IReadOnlyList<DuplicatePair>>
{
    public async Task<IReadOnlyList<DuplicatePair>> Handle(ListDuplicates query, CancellationToken ct)
    {
        var duplicates = await (await session.QueryInScopeAsync<Profile>(scope, ct)).Where(p => p.PossibleDuplicateOf != null).OrderBy(p => p.CreatedAt).Take(200).ToListAsync(ct);
        var registered = (await session.LoadManyInScopeAsync<Profile>(scope, duplicates.Select(d => d.PossibleDuplicateOf!.Value), ct)).ToDictionary(p => p.Id);
        return duplicates.Where(d => registered.ContainsKey(d.PossibleDuplicateOf!.Value))
            .Select(d => new DuplicatePair(ProfileView.Of(registered[d.PossibleDuplicateOf!.Value]), ProfileView.Of(d))).ToList();
    }
}

/// <summary>Decides a possible duplicate: merge it into the registered profile (its platforms, follower counts, tags and
/// the personal data the registered one lacks move over; the duplicate goes; the merge stays in the profile's history)
/// or keep both as different people.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record DecideDuplicate(Guid Id, bool Merge) : ICommand<ProfileView>;

[ReadsAcrossScopes("moves the duplicate's place in interactions and field trips, whichever unit recorded them, to the merged profile")]
internal sealed class DecideDuplicateHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, PersonalData data)
    : IRequestHandler<DecideDuplicate, ProfileView>
{
    public async Task<ProfileView> Handle(DecideDuplicate command, CancellationToken ct)
    {
        var duplicate = await session.LoadLiveProfile(scope, command.Id, ct);
        if (duplicate.PossibleDuplicateOf is not { } targetId) throw new RuleViolationException("id", "该人士没有待合并的重复登记", "Nothing waits to be merged here");
        // Both profiles locked, then read again: the merge rewrites the target whole, and an honour or edit stored meanwhile
        // would otherwise be lost (as would a second decision on the same duplicate).
        await session.BeginTransactionAsync(ct);
        await session.LockRowsAsync<Profile>(store, [command.Id, targetId], ct);
        duplicate = await session.LoadLiveProfile(scope, command.Id, ct);
        if (duplicate.PossibleDuplicateOf != targetId) throw new RuleViolationException("id", "该人士没有待合并的重复登记", "Nothing waits to be merged here");
        var target = await session.LoadInScopeAsync<Profile>(scope, targetId, ct);
        if (!command.Merge || target is null || target.AnonymisedAt is not null)
        {
            duplicate.PossibleDuplicateOf = null; // different people (or nothing left to merge into)
            session.Store(duplicate);
            await session.SaveChangesAsync(ct);
            return ProfileView.Of(duplicate);
        }

        var now = time.GetUtcNow();
        var brought = new List<string>();
        foreach (var presence in duplicate.Platforms)
        {
            var same = target.Platforms.FirstOrDefault(p => p.Platform == presence.Platform && p.Handle == presence.Handle);
            if (same is null) { target.Platforms.Add(presence); brought.Add($"{RegistryText.Platform(presence.Platform).ZhCn} {presence.Handle}"); continue; }
            foreach (var reading in presence.Followers.Where(r => same.Followers.All(f => f.On != r.On))) same.Followers.Add(reading);
        }
        target.Tags = target.Tags.Union(duplicate.Tags).ToList();
        var (mine, theirs) = (target.OpenContact(data), duplicate.OpenContact(data));
        var merged = new Contact(mine.RealName ?? theirs.RealName, mine.Mobile ?? theirs.Mobile, mine.Email ?? theirs.Email, mine.WeChat ?? theirs.WeChat);
        if (merged != mine)
        {
            target.SetContact(merged, data);
            brought.Add("联系方式");
        }
        if (target.Consent == ConsentStatus.NotInformed && duplicate.Consent != ConsentStatus.NotInformed)
            (target.Consent, target.ConsentOn) = (duplicate.Consent, duplicate.ConsentOn);
        target.Honours.AddRange(duplicate.Honours.Where(h => target.Honours.All(t => t.Title != h.Title || t.AwardedOn != h.AwardedOn)));
        target.Typical ??= duplicate.Typical;
        target.Retier();
        target.Merged.Add(new MergeRecord(duplicate.Id, duplicate.Alias, now, caller.Login, brought.Count == 0 ? "无新增" : string.Join("、", brought)));
        foreach (var interaction in await session.Query<Interaction>().Where(i => i.Profiles.Contains(duplicate.Id)).ToListAsync(ct))
        {
            interaction.Profiles = interaction.Profiles.Select(p => p == duplicate.Id ? target.Id : p).Distinct().ToList();
            session.Store(interaction);
        }
        foreach (var trip in await session.Query<FieldTrip>().Where(t => t.Participants.Contains(duplicate.Id)).ToListAsync(ct))
        {
            trip.Participants = trip.Participants.Select(p => p == duplicate.Id ? target.Id : p).Distinct().ToList();
            foreach (var content in trip.Contents.Where(c => c.ProfileId == duplicate.Id)) content.ProfileId = target.Id;
            session.Store(trip);
        }
        session.Store(target);
        session.Delete(duplicate);
        session.Store(ProcessingRecord.Of(target, Processing.Changed, $"合并重复登记（{duplicate.Alias}）", caller.Login, now));
        await session.SaveChangesAsync(ct);
        return ProfileView.Of(target);
    }
}

internal sealed record DecideBody(bool Merge);

internal static class DuplicateEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/duplicates", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListDuplicates(), ct)))
            .RequirePermission(NetizenRegistryPermissions.Read).WithSummary("Possible duplicates beside the profiles they may repeat")
            .Produces<IReadOnlyList<DuplicatePair>>();
        routes.MapPost("/profiles/{id:guid}/duplicate", async (Guid id, DecideBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new DecideDuplicate(id, body.Merge), ct)))
            .RequirePermission(NetizenRegistryPermissions.Manage).WithSummary("Merge a possible duplicate into the registered profile, or keep both")
            .Produces<ProfileView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
