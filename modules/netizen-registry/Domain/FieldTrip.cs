namespace NetInfoSuite.Modules.NetizenRegistry.Domain;

/// <summary>A piece a participant produced on a field trip; its URL identifies it, so recording it again updates it.</summary>
public sealed class TripContent
{
    public Guid? ProfileId { get; set; }
    public NetizenPlatform Platform { get; set; }
    public string Url { get; set; } = "";
    public string Title { get; set; } = "";
    public long Reads { get; set; }
    public long Likes { get; set; }
    public DateOnly CapturedOn { get; set; }
}

/// <summary>A hashtag topic's total reads as read on a day (话题阅读量).</summary>
public sealed record TopicReading(string Topic, DateOnly On, long Reads);

/// <summary>采风活动: a field trip of personalities (e.g. 镜泊胜景·林海雪原) organised by a unit, with what they produced.</summary>
internal sealed class FieldTrip : IOrgScoped
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public List<string> Places { get; set; } = [];
    public Guid UnitId { get; set; }
    public string UnitPath { get; set; } = "";
    public List<Guid> Participants { get; set; } = [];
    public List<TripContent> Contents { get; set; } = [];
    public List<TopicReading> Topics { get; set; } = [];
    public DateTimeOffset? ClosedAt { get; set; }

    public long ContentReads => Contents.Sum(c => c.Reads);
    /// <summary>Each topic's latest reading (a topic's count is a running total), added up.</summary>
    public long TopicReads => Topics.GroupBy(t => t.Topic).Sum(g => g.MaxBy(t => t.On)!.Reads);
}
