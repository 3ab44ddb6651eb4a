using NetInfoSuite.Ui;

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

    /// <summary>The .docx in the office's format (<see cref="OfficialDocx"/>).</summary>
    public static byte[] Docx(NoticeView n, DateOnly issuedOn) =>
        OfficialDocx.Build(n.IssuerUnitName, n.Number, Title, Paragraphs(n, issuedOn).Select(p => (p.Kind switch
        {
            Part.Salutation => OfficialDocx.Part.Salutation,
            Part.Seal => OfficialDocx.Part.Seal,
            _ => OfficialDocx.Part.Body,
        }, p.Text)));
}
