namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

/// <summary>What was done with a person's data.</summary>
public enum Processing { Collected, Changed, Revealed, Exported, Anonymised }

/// <summary>个人信息处理记录: one processing of one person's data, who did it, when and why. Kept at least three years
/// (the module deletes none, an anonymisation included) and holding no personal data itself.</summary>
internal sealed class ProcessingRecord : IOrgScoped
{
    public Guid Id { get; set; }
    public Guid ProfileId { get; set; }
    public string UnitPath { get; set; } = "";
    public Processing Kind { get; set; }
    public string Purpose { get; set; } = "";
    public string By { get; set; } = "";
    public DateTimeOffset At { get; set; }

    public static ProcessingRecord Of(Profile profile, Processing kind, string purpose, string by, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(), ProfileId = profile.Id, UnitPath = profile.UnitPath, Kind = kind, Purpose = purpose, By = by, At = at,
    };
}
