using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace NetInfoSuite.Ui;

/// <summary>A document in the office's format (党政机关公文格式) as .docx, for every module's notice or bulletin: A4 with
/// 公文 margins, the red header (the issuing unit) over a red rule, the number when there is one, the title in
/// 小标宋-style bold, 仿宋 三号 body with two-character first-line indents and exact 28-point lines; opens in Word and WPS.</summary>
public static class OfficialDocx
{
    public enum Part
    {
        /// <summary>A paragraph of the body, first line indented.</summary>
        Body,
        /// <summary>A level-one heading (一、…), bold, indented like the body.</summary>
        Heading,
        /// <summary>Flush left (the salutation: 某某单位：).</summary>
        Salutation,
        /// <summary>Flush right (the issuing unit and date under the seal area).</summary>
        Seal,
    }

    public static byte[] Build(string issuer, string? number, string title, IEnumerable<(Part Kind, string Text)> paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Line(issuer, JustificationValues.Center, size: 52, bold: true, color: "C00000", font: "方正小标宋简体"));
            var rule = Line(number ?? "", JustificationValues.Center);
            rule.ParagraphProperties!.Append(new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 18, Color = "C00000", Space = 6 }));
            body.Append(rule);
            body.Append(Line("", JustificationValues.Center));
            body.Append(Line(title, JustificationValues.Center, size: 44, bold: true, font: "方正小标宋简体"));
            foreach (var (kind, text) in paragraphs)
                foreach (var line in text.Split('\n'))
                    body.Append(kind switch
                    {
                        Part.Salutation => Line(line.TrimEnd('\r'), JustificationValues.Left),
                        Part.Seal => Line(line.TrimEnd('\r'), JustificationValues.Right),
                        Part.Heading => Line(line.TrimEnd('\r'), JustificationValues.Left, bold: true, font: "黑体", indent: true),
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

    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

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
        return new Paragraph(paragraphProperties, new Run(runProperties, new DocumentFormat.OpenXml.Wordprocessing.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
