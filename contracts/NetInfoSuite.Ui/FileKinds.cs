namespace NetInfoSuite.Ui;

/// <summary>What an uploaded file is, from its first bytes, never from the name or type the browser claims: PDF, PNG,
/// JPEG, WebP, or an Office Open XML document (.docx, or .xlsx by its name: both are zips); null for anything else.</summary>
public static class FileKinds
{
    public static string? Of(byte[] c, string name)
    {
        if (c.Length > 12 && c[0] == 0x89 && c[1] == 'P' && c[2] == 'N' && c[3] == 'G') return "image/png";
        if (c.Length > 3 && c[0] == 0xFF && c[1] == 0xD8 && c[2] == 0xFF) return "image/jpeg";
        if (c.Length > 12 && c[0] == 'R' && c[1] == 'I' && c[2] == 'F' && c[3] == 'F' && c[8] == 'W' && c[9] == 'E' && c[10] == 'B' && c[11] == 'P') return "image/webp";
        if (c.Length > 5 && c[0] == '%' && c[1] == 'P' && c[2] == 'D' && c[3] == 'F' && c[4] == '-') return "application/pdf";
        if (c.Length > 4 && c[0] == 'P' && c[1] == 'K' && c[2] == 3 && c[3] == 4)
            return name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ExportCells.XlsxType : OfficialDocx.DocxType;
        return null;
    }
}
