using Microsoft.AspNetCore.Http;

namespace NetInfoSuite.Ui;

/// <summary>One choice in a <see cref="Picker{TValue}"/>: the value posted (an id, never shown), what the user reads,
/// an optional detail beside it (a code, the unit above), and its depth in a tree (0 at the top).</summary>
public sealed record PickerItem(string Value, string Label, string? Detail = null, int Depth = 0);

/// <summary>What a page needs around its pickers. A picker's search button posts the whole form (so nothing typed is
/// lost) with <see cref="SearchKey"/> set: the page then draws the form again with the results instead of saving.</summary>
public static class Pickers
{
    public const string SearchKey = "picker-search";

    /// <summary>Whether this post is a picker's search rather than the form's own submit.</summary>
    public static bool IsSearch(HttpContext? http) =>
        http is not null && http.Request.HasFormContentType && http.Request.Form.ContainsKey(SearchKey);

    /// <summary>The ids a picker posted (what does not read as an id is left out, each id once).</summary>
    public static List<Guid> Ids(IEnumerable<string?>? values) =>
        (values ?? []).Select(v => Guid.TryParse(v, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
}
