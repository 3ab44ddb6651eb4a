namespace NetInfoSuite.Modules.GridDispatch.Domain;

/// <summary>How each list says in the API document whether and how it is paged.</summary>
internal static class Paging
{
    public static string Describe(int defaultSize, int maxSize) =>
        $"Paged: `page` (from 1) and `pageSize` ({defaultSize} by default, at most {maxSize}); the answer carries `total`.";

    public static string Whole(string bound) => $"Not paged: {bound}.";
}
