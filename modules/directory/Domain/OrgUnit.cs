namespace NetInfoSuite.Modules.Directory.Domain;

/// <summary>An org unit document. Path lists the ids from the root down to this unit
/// ("/root/county/this/"), so a subtree is one indexed prefix query.</summary>
internal sealed class OrgUnit
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public OrgLevel Level { get; set; }
    public Guid? ParentId { get; set; }
    public string Path { get; set; } = "";
    public int Depth { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Backs the one-root unique index: "city" for the root (a City, or a Province above cities), null for
    /// every other unit. Name and value are those of the one-city days, so stored trees need no rewrite.</summary>
    public string? CityRoot => ParentId is null ? "city" : null;

    /// <summary>Backs the unique index on an active unit's name under its parent (a second 东安区 under one city is
    /// refused, even when both are sent at once); null, so never clashing, once the unit is deactivated.</summary>
    public string? SiblingName => Active ? $"{ParentId:N}/{Name}" : null;

    public static OrgUnit Create(string code, string name, OrgLevel level, OrgUnit? parent, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7();
        return new OrgUnit
        {
            Id = id, Code = code, Name = name, Level = level, ParentId = parent?.Id,
            Path = (parent?.Path ?? "/") + id.ToString("N") + "/",
            Depth = parent is null ? 0 : parent.Depth + 1,
            CreatedAt = now, UpdatedAt = now,
        };
    }

    public bool IsSelfOrAncestorOf(OrgUnit other) => other.Path.StartsWith(Path, StringComparison.Ordinal);

    public OrgUnitInfo ToInfo() =>
        new(new OrgUnitId(Id), Code, Name, Level, ParentId is { } p ? new OrgUnitId(p) : null, Depth, Active);
}
