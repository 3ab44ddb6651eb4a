namespace NetInfoSuite.Ui;

/// <summary>A workbook's columns in order, each with an example value. An export writes its rows through
/// <see cref="Rows"/>, so even an empty export shows its header row; an import page offers <see cref="Template"/>:
/// the header row and one example line to overwrite.</summary>
public sealed class SheetLayout(params (string Header, object? Example)[] columns)
{
    public IReadOnlyList<string> Headers { get; } = columns.Select(c => c.Header).ToArray();

    /// <summary>The header row and one example line.</summary>
    public IEnumerable<IDictionary<string, object?>> Template() =>
        [columns.ToDictionary(c => c.Header, c => c.Example)];

    /// <summary>The rows; when there are none, one line of empty cells under the headers (imports skip blank lines).</summary>
    public IEnumerable<IDictionary<string, object?>> Rows(IReadOnlyCollection<IDictionary<string, object?>> rows) =>
        rows.Count > 0 ? rows : [Headers.ToDictionary(h => h, _ => (object?)null)];
}
