namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>What a website check found wrong.</summary>
public enum WebsiteProblem { Unreachable, ServerError, NoHttps, CertificateInvalid, CertificateExpiring, IcpMissing, AddressRefused }

/// <summary>One check of a website: whether it answered, over HTTPS with a valid certificate (and until when), whether the
/// home page shows its ICP filing number, and what was wrong (nothing: it passed).</summary>
public sealed record WebsiteCheck(DateTimeOffset At, bool Reachable, int? StatusCode, bool Https, DateTimeOffset? CertificateExpires, bool IcpShown,
    IReadOnlyList<WebsiteProblem> Problems)
{
    public bool Failed => Problems.Count > 0;
}

/// <summary>党政机关网站: a government website of an owner unit (whose subtree and those above see it), checked by the host on
/// a schedule.</summary>
internal sealed class Website : IOrgScoped
{
    public const int HistoryKept = 30;

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
    public string UnitPath { get; set; } = "";
}
