namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

/// <summary>A profile's personal data in and out: sealed and masked when stored, opened only to reveal or to re-seal.</summary>
internal static class ProfileContact
{
    private const string RealNameField = "realName", MobileField = "mobile", EmailField = "email", WeChatField = "weChat";

    /// <summary>Stores the given contact (blank fields: not collected). The mobile number must be normalised already.</summary>
    public static void SetContact(this Profile profile, Contact contact, PersonalData data)
    {
        profile.RealName = Seal(contact.RealName, profile.Context(RealNameField), data);
        profile.Mobile = Seal(contact.Mobile, profile.Context(MobileField), data);
        profile.Email = Seal(contact.Email, profile.Context(EmailField), data);
        profile.WeChat = Seal(contact.WeChat, profile.Context(WeChatField), data);
        profile.MobileIndex = Blank(contact.Mobile) ? null : data.MobileIndex(contact.Mobile!);
        profile.Masked = new ContactMasks(
            Blank(contact.RealName) ? null : Masks.Name(contact.RealName!.Trim()), Blank(contact.Mobile) ? null : Masks.Mobile(contact.Mobile!),
            Blank(contact.Email) ? null : Masks.Email(contact.Email!.Trim()), Blank(contact.WeChat) ? null : Masks.Handle(contact.WeChat!.Trim()));
    }

    public static Contact OpenContact(this Profile profile, PersonalData data) => new(
        Open(profile.RealName, profile.Context(RealNameField), data), Open(profile.Mobile, profile.Context(MobileField), data),
        Open(profile.Email, profile.Context(EmailField), data), Open(profile.WeChat, profile.Context(WeChatField), data));

    /// <summary>The real name alone, for a person who consented to be named (see GetPersonality).</summary>
    public static string? OpenRealName(this Profile profile, PersonalData data) => Open(profile.RealName, profile.Context(RealNameField), data);

    /// <summary>Whether some value is sealed under another key than the active one.</summary>
    public static bool SealedWithOldKey(this Profile profile, PersonalData data) =>
        new[] { profile.RealName, profile.Mobile, profile.Email, profile.WeChat }.Any(s => s is not null && s.Key != data.ActiveKey);

    /// <summary>Erases the personal data and whatever points to the person (alias, handles, tags); what stays are the
    /// unit's figures: field, tier and follower counts without handles.</summary>
    public static void Anonymise(this Profile profile, DateTimeOffset at)
    {
        profile.RealName = profile.Mobile = profile.Email = profile.WeChat = null;
        profile.MobileIndex = null;
        profile.Masked = new ContactMasks(null, null, null, null);
        profile.Alias = "已匿名化";
        foreach (var presence in profile.Platforms) presence.Handle = "";
        profile.Tags = [];
        profile.Typical = profile.Typical is null ? null : new TypicalExample("", profile.Typical.RecognisedOn, []); // counted, not told
        profile.AnonymisedAt = at;
    }

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    private static Sealed? Seal(string? plain, string context, PersonalData data) => Blank(plain) ? null : data.Seal(plain!.Trim(), context);

    private static string? Open(Sealed? value, string context, PersonalData data) => value is null ? null : data.Open(value, context);
}
