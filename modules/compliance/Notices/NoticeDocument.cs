using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace NetInfoSuite.Modules.Compliance.Notices;

/// <summary>The notice in the office's format, once for both the print view and the .docx: the red header (the issuing
/// unit) over a red rule, the number, the title, the recipient, the body, the deadline and the date in Chinese
/// numerals under the seal area.</summary>
internal static class NoticeDocument
{
    public const string Title = "整改通知书";

    public enum Part { Salutation, Body, Seal }

    public static IEnumerable<(Part Kind, string Text)> Paragraphs(NoticeView n, DateOnly issuedOn)
    {
        yield return (Part.Salutation, $"{n.RecipientName}：");
        yield return (Part.Body, $"经检查，{n.Subject}存在以下问题：");
        yield return (Part.Body, n.Problems);
        yield return (Part.Body, "整改要求：");
        yield return (Part.Body, n.Requirements);
        yield return (Part.Body, $"请于{NoticeText.ChineseDate(n.Deadline)}前完成整改，并将整改情况书面报送{n.IssuerUnitName}。逾期未整改或整改不到位的，将依法依规处理。");
        yield return (Part.Seal, n.IssuerUnitName);
        yield return (Part.Seal, NoticeText.ChineseDate(issuedOn));
    }

    /// <summary>The .docx: A4, 红头 in red 小标宋-style bold, a red rule under the number, 仿宋 三号 body with two-character
    /// first-line indents; opens in Word and WPS.</summary>
    public static byte[] Docx(NoticeView n, DateOnly issuedOn)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Line(n.IssuerUnitName, JustificationValues.Center, size: 52, bold: true, color: "C00000", font: "方正小标宋简体"));
            var number = Line(n.Number, JustificationValues.Center, size: 32);
            number.ParagraphProperties!.Append(new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 18, Color = "C00000", Space = 6 }));
            body.Append(number);
            body.Append(Line("", JustificationValues.Center, size: 32));
            body.Append(Line(Title, JustificationValues.Center, size: 44, bold: true, font: "方正小标宋简体"));
            foreach (var (kind, text) in Paragraphs(n, issuedOn))
                foreach (var line in text.Split('\n'))
                    body.Append(kind switch
                    {
                        Part.Salutation => Line(line.TrimEnd('\r'), JustificationValues.Left),
                        Part.Seal => Line(line.TrimEnd('\r'), JustificationValues.Right),
                        _ => Line(line.TrimEnd('\r'), JustificationValues.Both, indent: true),
                    });
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },                                           // A4
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U })); // 公文 margins
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph Line(string text, JustificationValues justification, int size = 32, bool bold = false, string? color = null,
        string font = "仿宋_GB2312", bool indent = false)
    {
        var runProperties = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font }, new FontSize { Val = size.ToString() },
            new FontSizeComplexScript { Val = size.ToString() });
        if (bold) runProperties.Append(new Bold());
        if (color is not null) runProperties.Append(new Color { Val = color });
        var paragraphProperties = new ParagraphProperties(new Justification { Val = justification },
            new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact });
        if (indent) paragraphProperties.Append(new Indentation { FirstLineChars = 200 });
        return new Paragraph(paragraphProperties, new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
