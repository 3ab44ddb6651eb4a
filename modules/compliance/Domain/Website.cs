namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>What a website check found wrong.</summary>
public enum WebsiteProblem
{
    Unreachable, ServerError, NoHttps, CertificateInvalid, CertificateExpiring, IcpMissing, AddressRefused,
    /// <summary>The certificate's end date has passed.</summary>
    CertificateExpired,
    /// <summary>The home page has not changed for <see cref="Website.StaleAfterDays"/> days (the national veto item).</summary>
    NotUpdated,
    /// <summary>Resident ID or mobile numbers on the home page.</summary>
    PersonalData,
}

/// <summary>One check of a website: whether it answered, over HTTPS with a valid certificate (and until when), whether the
/// home page shows its ICP filing number, when its text last changed (as far as the checks saw), the personal data it shows
/// (masked), and what was wrong (nothing: it passed).</summary>
public sealed record WebsiteCheck(DateTimeOffset At, bool Reachable, int? StatusCode, bool Https, DateTimeOffset? CertificateExpires, bool IcpShown,
    IReadOnlyList<WebsiteProblem> Problems)
{
    /// <summary>A digest of the home page's text, to notice when it changes.</summary>
    public string? PageDigest { get; init; }
    /// <summary>When the home page's text was first seen as it is now (or its Last-Modified date, when the first check saw an older one).</summary>
    public DateTimeOffset? PageChangedAt { get; init; }
    /// <summary>Resident ID and mobile numbers found on the page, masked (e.g. 230103********123X, 138****5678).</summary>
    public IReadOnlyList<string> PersonalData { get; init; } = [];

    public bool Failed => Problems.Count > 0;
}

/// <summary>党政机关网站: a government website of an owner unit (whose subtree and those above see it), checked by the host on
/// a schedule.</summary>
internal sealed class Website : IOrgScoped
{
    public const int HistoryKept = 30;
    /// <summary>A home page unchanged for two weeks fails (国办 national rule: a government website not updated for two weeks).</summary>
    public const int StaleAfterDays = 14;

    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The home page: an http(s) address.</summary>
    public string Address { get; set; } = "";
    /// <summary>ICP 备案号 (e.g. 黑ICP备12345678号-1), which the home page's footer must show.</summary>
    public string IcpNumber { get; set; } = "";
    /// <summary>等保 protection level, 1 to 5.</summary>
    public int ProtectionLevel { get; set; }
    public string Hosting { get; set; } = "";
    public Guid Owner { get; set; }
    public string OwnerName { get; set; } = "";
    public string Contact { get; set; } = "";
    public bool Active { get; set; } = true;
    public WebsiteCheck? LastCheck { get; set; }
    /// <summary>When it was last checked and whether that check failed (kept beside <see cref="LastCheck"/> to filter on).</summary>
    public DateTimeOffset? CheckedAt { get; set; }
    public bool Failing { get; set; }
    /// <summary>The latest checks, newest last (at most <see cref="HistoryKept"/>).</summary>
    public List<WebsiteCheck> History { get; set; } = [];
    /// <summary>The digest of the home page's text at the last check that read it, and since when it has been so.</summary>
    public string? PageDigest { get; set; }
    public DateTimeOffset? PageChangedAt { get; set; }
    public string UnitPath { get; set; } = "";
}
