namespace NetInfoSuite.Modules.NetizenRegistry.Profiles;

/// <summary>Corrects a profile: alias, field, unit, notice and consent (a person who agrees, or withdraws), tags; and,
/// when given, personal data: each contact field given replaces the sealed one (blank ones stay as they were), with a
/// processing record of who changed them.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record EditProfile(Guid Id, string Alias, NetizenField Field, Guid UnitId, ConsentStatus Consent, DateOnly? ConsentOn,
    IReadOnlyList<string>? Tags, Contact? Contact = null) : ICommand<ProfileView>, IProfileFields
{
    // Personal data stays out of logs and exception texts even if the record is printed.
    public override string ToString() => $"EditProfile {{ Id = {Id}, Alias = {Alias} }}";
}

internal sealed class EditProfileValidator : ProfileFieldsValidator<EditProfile>;

internal sealed class EditProfileHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time, PersonalData data)
    : IRequestHandler<EditProfile, ProfileView>
{
    public async Task<ProfileView> Handle(EditProfile command, CancellationToken ct)
    {
        var profile = await session.LoadProfileForChange(store, scope, command.Id, ct);
        if (command.UnitId != profile.UnitId)
        {
            var place = await scope.PlaceOfAsync(command.UnitId, ct);
            if (place is null || !await scope.CoversAsync(place.Path, ct))
                throw new RuleViolationException("unitId", "单位不存在或不在本单位范围内", "The unit does not exist or is outside your unit");
            (profile.UnitId, profile.UnitPath) = (place.Id, place.Path);
        }
        profile.Alias = command.Alias.Trim();
        profile.Field = command.Field;
        profile.Consent = command.Consent;
        profile.ConsentOn = command.Consent == ConsentStatus.NotInformed ? null : command.ConsentOn;
        profile.Tags = (command.Tags ?? []).Select(t => t.Trim()).Distinct().ToList();
        if (command.Contact is { } given && new[] { given.RealName, given.Mobile, given.Email, given.WeChat }.Any(v => !string.IsNullOrWhiteSpace(v)))
        {
            var kept = profile.OpenContact(data);
            static string? Either(string? given, string? kept) => string.IsNullOrWhiteSpace(given) ? kept : given.Trim();
            profile.SetContact(new Contact(Either(given.RealName, kept.RealName), Masks.NormaliseMobile(Either(given.Mobile, kept.Mobile)),
                Either(given.Email, kept.Email), Either(given.WeChat, kept.WeChat)), data);
            session.Store(ProcessingRecord.Of(profile, Processing.Changed, "更正个人信息", caller.Login, time.GetUtcNow()));
        }
        session.Store(profile);
        await session.SaveChangesAsync(ct);
        return ProfileView.Of(profile);
    }
}

internal sealed record EditProfileBody(string Alias, NetizenField Field, Guid UnitId, ConsentStatus Consent, DateOnly? ConsentOn,
    IReadOnlyList<string>? Tags, Contact? Contact = null);
