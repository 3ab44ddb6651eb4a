using System.IO.Compression;
using System.Xml;
using NetInfoSuite.Contracts.Errors;

namespace NetInfoSuite.Host.Web;

/// <summary>Refuses an uploaded workbook (any zip-based file, as .xlsx is) before a module opens it, when it would
/// unpack to more than <see cref="MaxUnpackedBytes"/> or holds a text longer than Excel's own cell limit
/// (issue 14: a 300 KB workbook holding one 300 MB cell took 2 GB of the host's memory). It reads the zip as a
/// stream, counting, so the check itself needs little memory; sizes the zip declares are checked first.</summary>
internal static class WorkbookGuard
{
    public const long MaxUnpackedBytes = 100L * 1024 * 1024;
    public const int MaxCellCharacters = 32_767;

    public static void UseWorkbookGuard(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (http.Request.HasFormContentType &&
            http.Request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
        {
            IFormCollection form;
            try { form = await http.Request.ReadFormAsync(http.RequestAborted); }
            catch (InvalidDataException)
            {
                // A malformed multipart body (no part headers, a missing boundary) is the sender's fault: 400, not 500.
                throw new RuleViolationException("file", "上传的内容无法读取：不是完整的表单", "The upload cannot be read: not a complete form");
            }
            foreach (var file in form.Files)
            {
                await using var stream = file.OpenReadStream();
                if (Refusal(stream) is { } refusal) throw new RuleViolationException(file.Name, refusal.Zh, refusal.En);
            }
        }
        await next(http);
    });

    /// <summary>Why the file is refused, or null (also for what is not a zip: the module's own reading answers that).</summary>
    public static (string Zh, string En)? Refusal(Stream file)
    {
        var head = new byte[4];
        if (file.Read(head, 0, 4) < 4 || head is not [0x50, 0x4B, 0x03, 0x04]) return null;
        file.Position = 0;
        var tooLarge = ($"文件解压后超过 {MaxUnpackedBytes / 1024 / 1024} MB", $"The file unpacks to more than {MaxUnpackedBytes / 1024 / 1024} MB");
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes) return tooLarge;
            var budget = new Budget(MaxUnpackedBytes);
            foreach (var entry in zip.Entries)
            {
                using var content = new CountedStream(entry.Open(), budget);
                if (entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && LongestText(content) > MaxCellCharacters)
                    return ($"单元格内容不能超过 {MaxCellCharacters} 个字符", $"A cell must not hold more than {MaxCellCharacters} characters");
                content.CopyTo(Stream.Null);
            }
            return null;
        }
        catch (BudgetSpentException)
        {
            return tooLarge;
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException or NotSupportedException)
        {
            return null; // not a readable workbook: the module says so in its own words
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>The longest text node, counted in chunks (never held whole); stops early past the limit.</summary>
    private static long LongestText(Stream xml)
    {
        using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var chunk = new char[8192];
        long longest = 0;
        while (reader.Read())
        {
            if (reader.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)) continue;
            long length = 0;
            int read;
            while ((read = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                if ((length += read) > MaxCellCharacters) return length;
            longest = Math.Max(longest, length);
        }
        return longest;
    }

    private sealed class Budget(long bytes)
    {
        public void Spend(int n)
        {
            bytes -= n;
            if (bytes < 0) throw new BudgetSpentException();
        }
    }

    private sealed class BudgetSpentException : Exception;

    /// <summary>A read-only stream that spends the shared budget as it is read.</summary>
    private sealed class CountedStream(Stream inner, Budget budget) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            budget.Spend(n);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
