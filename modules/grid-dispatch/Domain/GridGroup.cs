namespace NetInfoSuite.Modules.GridDispatch.Domain;

public enum GroupKind { GridGroup, Residents, Villagers, Other }

public enum GroupPlatform { WeChat, WeCom, DingTalk, QQ, Other }

/// <summary>Who runs a group: shown masked in lists. <paramref name="Login"/> links a platform user, whose task
/// list then holds the group's tasks.</summary>
public sealed record GroupOperator(string Name, string? Phone, string? Login);

/// <summary>A WeChat (or other) group of a community or village that directives reach.</summary>
internal sealed class GridGroup : IOrgScoped
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public GroupKind Kind { get; set; }
    public GroupPlatform Platform { get; set; }
    public Guid OrgUnitId { get; set; }
    /// <summary>The unit's place in the tree ("/{city}/{county}/{street}/{community}/"), for subtree scope.</summary>
    public string UnitPath { get; set; } = "";
    /// <summary>The city the group is in (tasks of a province's directive roll up per city).</summary>
    public Guid? CityId { get; set; }
    public Guid? CountyId { get; set; }
    public Guid? StreetId { get; set; }
    public List<GroupOperator> Operators { get; set; } = [];
    /// <summary>The operators' logins, for the operator's own task list.</summary>
    public List<string> OperatorLogins { get; set; } = [];
    public int MemberCount { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Puts the group at this unit: its path and the city, county and street above it.</summary>
    public void SitAt(OrgPlace place) =>
        (OrgUnitId, UnitPath, CityId, CountyId, StreetId) = (place.Id, place.Path, place.CityId, place.CountyId, place.StreetId);

    public static string Mask(string? phone) =>
        phone is { Length: >= 7 } p ? p[..3] + new string('*', p.Length - 7) + p[^4..] : phone ?? "";
}
