using NetInfoSuite.Ui;

namespace NetInfoSuite.Modules.Inspection.Domain;

/// <summary>通报 as published: the text as it stood that day (later changes change nothing), whom it went to, when and by
/// whom. Scoped like its plan (the running unit's path); the units below read it as published to them.</summary>
internal sealed class Bulletin : IOrgScoped
{
    public Guid Id { get; set; }
    public Guid Plan { get; set; }
    public BulletinText Text { get; set; } = new("", null, "", []);
    public List<TargetUnit> Recipients { get; set; } = [];
    /// <summary>Where the recipients sit: a unit below sees the bulletins sent to it.</summary>
    public List<string> RecipientPaths { get; set; } = [];
    public DateOnly Deadline { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public string PublishedBy { get; set; } = "";
    public string UnitPath { get; set; } = "";
}

/// <summary>A document in the office's format: the issuing unit (red header), its number if any, title and paragraphs.</summary>
public sealed record BulletinText(string Issuer, string? Number, string Title, IReadOnlyList<BulletinParagraph> Paragraphs);

public sealed record BulletinParagraph(OfficialDocx.Part Kind, string Text);
