namespace NetInfoSuite.Modules.NetizenRegistry.Protection;

/// <summary>A registry officer reveals one person's data, giving the purpose; the purpose is kept as a processing
/// record in the same commit as the platform's audit record of the command.</summary>
[RequiresPermission(NetizenRegistryPermissions.Reveal)]
internal sealed record RevealContact(Guid Id, string Purpose) : ICommand<Contact>;

internal sealed class RevealContactValidator : AbstractValidator<RevealContact>
{
    public RevealContactValidator() => RuleFor(x => x.Purpose).NotEmpty().MinimumLength(4).MaximumLength(200)
        .WithMessage(_ => new LocalizedText("须说明查看目的（4 至 200 字）", "State the purpose (4 to 200 characters)").Current);
}

internal sealed class RevealContactHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, PersonalData data)
    : IRequestHandler<RevealContact, Contact>
{
    public async Task<Contact> Handle(RevealContact command, CancellationToken ct)
    {
        var profile = await session.LoadLiveProfile(scope, command.Id, ct);
        var contact = profile.OpenContact(data);
        session.Store(ProcessingRecord.Of(profile, Processing.Revealed, command.Purpose.Trim(), caller.Login, time.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return contact;
    }
}

/// <summary>The personalities of the caller's subtree with this mobile number, found through the blind index: the
/// number is neither decrypted nor stored, and the answer is masked like any list.</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record FindByMobile(string Mobile) : IRequest<IReadOnlyList<Profiles.ProfileView>>
{
    public override string ToString() => "FindByMobile { (personal data) }";
}

internal sealed class FindByMobileValidator : AbstractValidator<FindByMobile>
{
    public FindByMobileValidator() => RuleFor(x => x.Mobile).Must(m => Masks.NormaliseMobile(m) is not null)
        .WithMessage(_ => new LocalizedText("须为 11 位手机号码", "Must be an 11-digit mobile number").Current);
}

internal sealed class FindByMobileHandler(IQuerySession session, ICallerScope scope, PersonalData data)
    : IRequestHandler<FindByMobile, IReadOnlyList<Profiles.ProfileView>>
{
    public async Task<IReadOnlyList<Profiles.ProfileView>> Handle(FindByMobile query, CancellationToken ct)
    {
        var index = data.MobileIndex(Masks.NormaliseMobile(query.Mobile)!);
        var found = await (await session.QueryInScopeAsync<Profile>(scope, ct)).Where(p => p.MobileIndex == index).Take(50).ToListAsync(ct);
        return found.Select(Profiles.ProfileView.Of).ToList();
    }
}

/// <summary>Erases a person's data on their request (the right to deletion, 个人信息保护法 art. 47): the sealed values,
/// masks, index, alias, handles and tags go; the processing records (no personal data) stay, with this one.</summary>
[RequiresPermission(NetizenRegistryPermissions.Erase)]
internal sealed record AnonymiseProfile(Guid Id, string Purpose) : ICommand<Profiles.ProfileView>;

internal sealed class AnonymiseProfileValidator : AbstractValidator<AnonymiseProfile>
{
    public AnonymiseProfileValidator() => RuleFor(x => x.Purpose).NotEmpty().MinimumLength(4).MaximumLength(200)
        .WithMessage(_ => new LocalizedText("须说明删除依据（4 至 200 字）", "State the ground (4 to 200 characters)").Current);
}

[ReadsAcrossScopes("takes the erased person out of every interaction record, whichever unit recorded it")]
internal sealed class AnonymiseProfileHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time)
    : IRequestHandler<AnonymiseProfile, Profiles.ProfileView>
{
    public async Task<Profiles.ProfileView> Handle(AnonymiseProfile command, CancellationToken ct)
    {
        // The person's row and then their interactions are locked (in id order) before they are read: two people of one
        // forum erased at once each wrote the forum back with the other still in it (the reliability suite found one
        // erased person still named in it), and one person erased twice at once got two erasure records.
        await session.BeginTransactionAsync(ct);
        await LockAsync(typeof(Profile), [command.Id], ct);
        var profile = await session.LoadLiveProfile(scope, command.Id, ct);
        var involved = await session.Query<Interaction>().Where(i => i.Profiles.Contains(profile.Id)).Select(i => i.Id).ToListAsync(ct);
        await LockAsync(typeof(Interaction), involved, ct);
        var now = time.GetUtcNow();
        profile.Anonymise(now);
        session.Store(profile);
        // An interaction keeps the others who took part; one with nobody else left loses its summary too (it was about them).
        foreach (var interaction in await session.LoadManyAsync<Interaction>(ct, involved))
        {
            interaction.Profiles.Remove(profile.Id);
            if (interaction.Profiles.Count == 0) (interaction.Summary, interaction.Staff) = ("（已应本人要求删除）", "");
            session.Store(interaction);
        }
        session.Store(ProcessingRecord.Of(profile, Processing.Anonymised, command.Purpose.Trim(), caller.Login, now));
        await session.SaveChangesAsync(ct);
        return Profiles.ProfileView.Of(profile);
    }

    private async Task LockAsync(Type document, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        var table = store.Options.FindOrResolveDocumentType(document).TableName.QualifiedName;
        await using var lockRows = new Npgsql.NpgsqlCommand($"select 1 from {table} where id = any($1) order by id for update", session.Connection)
            { Parameters = { new() { Value = ids.Order().ToArray() } } };
        await lockRows.ExecuteNonQueryAsync(ct);
    }
}

public sealed record ProcessingView(Processing Kind, string Purpose, string By, DateTimeOffset At);

/// <summary>The processing records of one person, newest first (who collected, revealed, exported or erased, and why).</summary>
[RequiresPermission(NetizenRegistryPermissions.Read)]
internal sealed record ListProcessing(Guid Id) : IRequest<IReadOnlyList<ProcessingView>>;

internal sealed class ListProcessingHandler(IQuerySession session, ICallerScope scope) : IRequestHandler<ListProcessing, IReadOnlyList<ProcessingView>>
{
    public async Task<IReadOnlyList<ProcessingView>> Handle(ListProcessing query, CancellationToken ct)
    {
        await session.LoadInScopeOrThrowAsync<Profile>(scope, query.Id, "profile", ct);
        var records = await (await session.QueryInScopeAsync<ProcessingRecord>(scope, ct)).Where(r => r.ProfileId == query.Id)
            .OrderByDescending(r => r.At).ToListAsync(ct);
        return records.Select(r => new ProcessingView(r.Kind, r.Purpose, r.By, r.At)).ToList();
    }
}

/// <summary>The key-rotation command: re-seals every value under the active key (<c>NetizenRegistry:ActiveKey</c>) and
/// recomputes every blind index with the configured index key, so an old key can then be removed from configuration.</summary>
[RequiresPermission(NetizenRegistryPermissions.Keys)]
internal sealed record RotateRegistryKeys : ICommand<RotationResult>;

public sealed record RotationResult(string ActiveKey, int Resealed, int Profiles);

[ReadsAcrossScopes("re-encrypts every record of the registry, whoever's unit keeps it")]
internal sealed class RotateRegistryKeysHandler(IDocumentSession session, PersonalData data) : IRequestHandler<RotateRegistryKeys, RotationResult>
{
    private const int Batch = 500;

    public async Task<RotationResult> Handle(RotateRegistryKeys command, CancellationToken ct)
    {
        var (resealed, seen) = (0, 0);
        while (true)
        {
            // Batches in id order (ids never change): a registry of any size in bounded memory, one commit per batch.
            var batch = await session.Query<Profile>().OrderBy(p => p.Id).Skip(seen).Take(Batch).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var profile in batch.Where(p => p.AnonymisedAt is null))
            {
                var old = profile.SealedWithOldKey(data);
                var index = profile.MobileIndex;
                profile.SetContact(profile.OpenContact(data), data);
                if (!old && index == profile.MobileIndex) continue;
                resealed++;
                session.Store(profile);
            }
            seen += batch.Count;
            await session.SaveChangesAsync(ct);
        }
        return new RotationResult(data.ActiveKey, resealed, seen);
    }
}

internal sealed record PurposeBody(string Purpose);
internal sealed record MobileBody(string Mobile);

internal static class ProtectionEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/profiles/{id:guid}/reveal", async (Guid id, PurposeBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new RevealContact(id, body.Purpose), ct)))
            .RequirePermission(NetizenRegistryPermissions.Reveal)
            .WithSummary("Reveal one person's real name and contact, giving the purpose (kept as a processing record, audited)")
            .Produces<Contact>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        // A POST so that the number travels in the body, never in a URL (access logs, browser history).
        routes.MapPost("/profiles/find-by-mobile", async (MobileBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new FindByMobile(body.Mobile), ct)))
            .RequirePermission(NetizenRegistryPermissions.Read)
            .WithSummary("The personalities with this mobile number (exact, through the blind index; answered masked)")
            .Produces<IReadOnlyList<Profiles.ProfileView>>().ProducesValidationProblem();

        routes.MapPost("/profiles/{id:guid}/anonymise", async (Guid id, PurposeBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new AnonymiseProfile(id, body.Purpose), ct)))
            .RequirePermission(NetizenRegistryPermissions.Erase)
            .WithSummary("Erase a person's data on request, giving the ground; the processing records stay")
            .Produces<Profiles.ProfileView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGet("/profiles/{id:guid}/processing", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListProcessing(id), ct)))
            .RequirePermission(NetizenRegistryPermissions.Read)
            .WithSummary("The processing records of one person, newest first")
            .Produces<IReadOnlyList<ProcessingView>>().ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPost("/keys/rotate", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new RotateRegistryKeys(), ct)))
            .RequirePermission(NetizenRegistryPermissions.Keys)
            .WithSummary("Re-encrypt every value under NetizenRegistry:ActiveKey and recompute the blind index (after adding a key)")
            .Produces<RotationResult>();
    }
}
