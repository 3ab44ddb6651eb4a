namespace NetInfoSuite.Modules.Compliance.Domain;

/// <summary>The module's Excel downloads (written by NetInfoSuite.Ui's ExportCells.File).</summary>
internal static class Workbooks
{
    /// <summary>At most this many rows leave in one export.</summary>
    public const int MaxRows = 10_000;
}
