namespace NetInfoSuite.Modules.AccountMatrix.Domain;

internal static class Links
{
    /// <summary>An absolute http(s) address: the only links a piece, a repost or a manual post may carry.</summary>
    public static bool IsWebLink(string? text) => Uri.TryCreate(text, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";
}
