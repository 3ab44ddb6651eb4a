using Microsoft.AspNetCore.Components;

namespace NetInfoSuite.Ui;

/// <summary>One column of a <see cref="DataTable{TItem}"/>. <paramref name="SortKey"/> makes the header a
/// sort link; the page passes the chosen key to its query (sorting happens in the database).</summary>
public sealed record DataColumn<TItem>(string Title, RenderFragment<TItem> Cell, string? SortKey = null)
{
    /// <summary>A column showing a value as text (HTML-encoded like all output).</summary>
    public static DataColumn<TItem> Of(string title, Func<TItem, object?> value, string? sortKey = null) =>
        new(title, item => builder => builder.AddContent(0, value(item)), sortKey);
}
