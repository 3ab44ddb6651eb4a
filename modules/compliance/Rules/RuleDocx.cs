using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace NetInfoSuite.Modules.Compliance.Rules;

/// <summary>The full text of an uploaded Word document (.docx): its paragraphs, tables' included, one per line.</summary>
internal static class RuleDocx
{
    private const long MaxUnpacked = 100L * 1024 * 1024;

    public static string TextOf(byte[] docx)
    {
        if (StoredFiles.TypeOf(docx, "x.docx") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            throw Unreadable();
        try
        {
            // A small file may unpack into a huge one: refuse it before reading it.
            using (var zip = new ZipArchive(new MemoryStream(docx), ZipArchiveMode.Read))
                if (zip.Entries.Sum(e => e.Length) > MaxUnpacked)
                    throw new RuleViolationException("file", "Word 文件解压后超过 100 MB", "The Word document unpacks to more than 100 MB");
            using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
            var body = document.MainDocumentPart?.Document?.Body ?? throw Unreadable();
            return string.Join('\n', body.Descendants<Paragraph>().Select(p => p.InnerText.Trim()).Where(t => t.Length > 0));
        }
        catch (Exception ex) when (ex is not RuleViolationException and not OutOfMemoryException)
        {
            throw Unreadable();
        }
    }

    private static RuleViolationException Unreadable() =>
        new("file", "无法读取该文件，请上传 Word 文档（.docx）", "The file cannot be read; upload a Word document (.docx)");
}
