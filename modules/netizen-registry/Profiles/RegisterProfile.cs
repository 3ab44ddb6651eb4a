namespace NetInfoSuite.Modules.NetizenRegistry.Profiles;

/// <summary>An account on a platform as it is registered: its handle and today's follower count.</summary>
public sealed record PresenceInput(NetizenPlatform Platform, string Handle, long Followers);

/// <summary>Registers a personality for a unit of the caller's subtree; the tier follows from the followers.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record RegisterProfile(string Alias, NetizenField Field, Guid UnitId, IReadOnlyList<PresenceInput>? Platforms,
    ConsentStatus Consent, DateOnly? ConsentOn, IReadOnlyList<string>? Tags, Contact? Contact = null) : ICommand<ProfileView>, IProfileFields
{
    // Personal data stays out of logs and exception texts even if the record is printed.
    public override string ToString() => $"RegisterProfile {{ Alias = {Alias}, UnitId = {UnitId} }}";
}

/// <summary>What registering and editing a profile both give.</summary>
internal interface IProfileFields
{
    string Alias { get; }
    NetizenField Field { get; }
    Guid UnitId { get; }
    ConsentStatus Consent { get; }
    DateOnly? ConsentOn { get; }
    IReadOnlyList<string>? Tags { get; }
    Contact? Contact { get; }
}

/// <summary>The rules of <see cref="IProfileFields"/>, for the validators of the commands that give them.</summary>
internal abstract class ProfileFieldsValidator<T> : AbstractValidator<T> where T : IProfileFields
{
    protected ProfileFieldsValidator()
    {
        RuleFor(x => x.Alias).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Field).IsInEnum();
        RuleFor(x => x.UnitId).NotEmpty();
        RuleFor(x => x.Consent).IsInEnum();
        RuleFor(x => x.ConsentOn).NotNull().When(x => x.Consent != ConsentStatus.NotInformed)
            .WithMessage(_ => new LocalizedText("已告知或同意的，须填写日期", "Give the date the person was informed or agreed").Current);
        RuleFor(x => x.Tags).Must(t => t is null || t.Count <= 20);
        RuleForEach(x => x.Tags).NotEmpty().MaximumLength(20);
        RuleFor(x => x.Contact!).SetValidator(new ContactValidator()).When(x => x.Contact is not null);
    }
}

internal sealed class RegisterProfileValidator : ProfileFieldsValidator<RegisterProfile>
{
    public RegisterProfileValidator()
    {
        RuleFor(x => x.Platforms).Must(p => p is null || p.Count <= 20);
        RuleForEach(x => x.Platforms).ChildRules(p =>
        {
            p.RuleFor(x => x.Platform).IsInEnum();
            p.RuleFor(x => x.Handle).NotEmpty().MaximumLength(100);
            p.RuleFor(x => x.Followers).InclusiveBetween(0, 10_000_000_000);
        });
    }
}

/// <summary>Checks personal data without ever repeating it in a message.</summary>
internal sealed class ContactValidator : AbstractValidator<Contact>
{
    public ContactValidator()
    {
        RuleFor(x => x.RealName).MaximumLength(50);
        RuleFor(x => x.Mobile).Must(m => string.IsNullOrWhiteSpace(m) || Masks.NormaliseMobile(m) is not null)
            .WithMessage(_ => new LocalizedText("须为 11 位手机号码", "Must be an 11-digit mobile number").Current);
        RuleFor(x => x.Email).MaximumLength(100).Must(e => string.IsNullOrWhiteSpace(e) || e.Trim() is var t && t.IndexOf('@') > 0 && t.IndexOf('@') < t.Length - 1)
            .WithMessage(_ => new LocalizedText("须为电子邮箱地址", "Must be an e-mail address").Current);
        RuleFor(x => x.WeChat).MaximumLength(50);
    }
}

internal sealed class RegisterProfileHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, IOfficeClock clock,
    PersonalData data)
    : IRequestHandler<RegisterProfile, ProfileView>
{
    public async Task<ProfileView> Handle(RegisterProfile command, CancellationToken ct)
    {
        var place = await scope.PlaceOfAsync(command.UnitId, ct);
        if (place is null || !await scope.CoversAsync(place.Path, ct))
            throw new RuleViolationException("unitId", "单位不存在或不在本单位范围内", "The unit does not exist or is outside your unit");
        var platforms = command.Platforms ?? [];
        var twice = platforms.GroupBy(p => (p.Platform, Handle: p.Handle.Trim())).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new RuleViolationException("platforms", $"同一平台账号“{twice.Key.Handle}”填写了两次", $"The handle “{twice.Key.Handle}” is given twice");
        var (profile, collected) = ProfileRules.New(command, place, caller.Login, time.GetUtcNow(), clock.Today, data, "登记网络人士");
        if (collected is not null) session.Store(collected);
        session.Store(profile);
        await session.SaveChangesAsync(ct);
        return ProfileView.Of(profile);
    }
}

/// <summary>A new profile as the form, the API and the survey import make it.</summary>
internal static class ProfileRules
{
    /// <returns>The profile and, when personal data was given, the record of its collection.</returns>
    public static (Profile Profile, ProcessingRecord? Collected) New(RegisterProfile command, OrgPlace place, string by, DateTimeOffset now, DateOnly today,
        PersonalData data, string purpose)
    {
        var profile = new Profile
        {
            Id = Guid.CreateVersion7(), Alias = command.Alias.Trim(), Field = command.Field, UnitId = place.Id, UnitPath = place.Path,
            Platforms = (command.Platforms ?? []).Select(p => new PlatformPresence { Platform = p.Platform, Handle = p.Handle.Trim(), Followers = [new(today, p.Followers)] }).ToList(),
            ContactKeeper = by, Consent = command.Consent, ConsentOn = command.Consent == ConsentStatus.NotInformed ? null : command.ConsentOn,
            Tags = (command.Tags ?? []).Select(t => t.Trim()).Distinct().ToList(), CreatedAt = now,
        };
        profile.Retier();
        if (command.Contact is not { } contact || new[] { contact.RealName, contact.Mobile, contact.Email, contact.WeChat }.All(string.IsNullOrWhiteSpace))
            return (profile, null);
        profile.SetContact(contact with { Mobile = Masks.NormaliseMobile(contact.Mobile) }, data);
        return (profile, ProcessingRecord.Of(profile, Processing.Collected, purpose, by, now));
    }
}

/// <summary>Records today's follower count of one of the personality's platforms (adding the platform if new); the
/// tier follows. A second reading on the same day replaces the first.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record RecordFollowers(Guid Id, NetizenPlatform Platform, string Handle, long Followers) : ICommand<ProfileView>;

internal sealed class RecordFollowersValidator : AbstractValidator<RecordFollowers>
{
    public RecordFollowersValidator()
    {
        RuleFor(x => x.Platform).IsInEnum();
        RuleFor(x => x.Handle).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Followers).InclusiveBetween(0, 10_000_000_000);
    }
}

internal sealed class RecordFollowersHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, IOfficeClock clock) : IRequestHandler<RecordFollowers, ProfileView>
{
    public async Task<ProfileView> Handle(RecordFollowers command, CancellationToken ct)
    {
        // Locked as any change of the profile (an erased one still takes readings, as before).
        await session.BeginTransactionAsync(ct);
        await session.LockRowsAsync<Profile>(store, [command.Id], ct);
        var profile = await session.LoadInScopeOrThrowAsync<Profile>(scope, command.Id, "profile", ct);
        var handle = command.Handle.Trim();
        var presence = profile.Platforms.FirstOrDefault(p => p.Platform == command.Platform && p.Handle == handle);
        if (presence is null)
        {
            if (profile.Platforms.Count >= 20) throw new RuleViolationException("handle", "平台账号最多 20 个", "At most 20 platform accounts");
            profile.Platforms.Add(presence = new PlatformPresence { Platform = command.Platform, Handle = handle });
        }
        var today = clock.Today;
        presence.Followers.RemoveAll(f => f.On == today);
        presence.Followers.Add(new FollowerReading(today, command.Followers));
        profile.Retier();
        session.Store(profile);
        await session.SaveChangesAsync(ct);
        return ProfileView.Of(profile);
    }
}
