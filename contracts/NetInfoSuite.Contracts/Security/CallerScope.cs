using System.Linq.Expressions;
using Marten;
using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Errors;

namespace NetInfoSuite.Contracts.Security;

/// <summary>A document that belongs to a place in the org tree: it carries its unit's path ("/{city}/{county}/…/",
/// see <see cref="OrgPaths"/>). The platform keeps the path right when the directory moves a unit (every mapped
/// document type implementing this is found by itself), and modules read such documents only through
/// <see cref="ScopedQueries"/> (an architecture test fails on a direct Marten read of one). (Since 1.6.)</summary>
public interface IOrgScoped
{
    string UnitPath { get; }
}

/// <summary>The caller's part of the org tree: the one way a module asks for "records in the caller's subtree".
/// Injected per request (the host implements it); background work runs as the system caller, who sees all. (Since 1.6.)</summary>
public interface ICallerScope
{
    /// <summary>The caller's subtree as a path prefix: "/" for the city level and the system; a user whose unit no
    /// longer exists sees nothing.</summary>
    Task<string> CallerPathAsync(CancellationToken ct);

    /// <summary>Whether a record with this unit path lies in the caller's subtree.</summary>
    Task<bool> CoversAsync(string unitPath, CancellationToken ct);

    /// <summary>Where a unit sits, whoever asks (to stamp a new record with its path); null when it does not exist.
    /// Whether the caller may use it is <see cref="CoversAsync"/>'s answer on <see cref="OrgPlace.Path"/>.</summary>
    Task<OrgPlace?> PlaceOfAsync(Guid unitId, CancellationToken ct);
}

/// <summary>A unit's place in the tree: the unit and its ancestors, root first (never empty). (Since 1.6.)</summary>
public sealed record OrgPlace(IReadOnlyList<OrgUnitInfo> RootFirst)
{
    public OrgUnitInfo Unit => RootFirst[^1];
    public Guid Id => Unit.Id.Value;
    public string Name => Unit.Name;
    public OrgLevel Level => Unit.Level;
    /// <summary>The path records of this unit carry (<see cref="IOrgScoped.UnitPath"/>).</summary>
    public string Path => OrgPaths.Of(RootFirst);
    /// <summary>The county-level ancestor (or the unit itself), if any.</summary>
    public Guid? CountyId => RootFirst.FirstOrDefault(u => u.Level == OrgLevel.County)?.Id.Value;
    public Guid? StreetId => RootFirst.FirstOrDefault(u => u.Level == OrgLevel.Street)?.Id.Value;
    /// <summary>The city-level ancestor (or the unit itself), if any: below the root in a province-wide tree. (Since 1.11.)</summary>
    public Guid? CityId => RootFirst.FirstOrDefault(u => u.Level == OrgLevel.City)?.Id.Value;
}

/// <summary>Reads of <see cref="IOrgScoped"/> documents, limited to the caller's subtree. Anything outside it does not
/// exist for the caller: a list leaves it out, a load answers null (or 404 through <see cref="NotFoundException"/>).
/// (Since 1.6.)</summary>
public static class ScopedQueries
{
    /// <summary>The caller's documents of this type; add filters, paging and sorting to it as to any Marten query.</summary>
    public static async Task<IQueryable<T>> QueryInScopeAsync<T>(this IQuerySession session, ICallerScope scope, CancellationToken ct)
        where T : class, IOrgScoped
    {
        var path = await scope.CallerPathAsync(ct);
        var all = session.Query<T>();
        return path == "/" ? all : all.Where(Under<T>(path));
    }

    /// <summary>The document if it exists and lies in the caller's subtree, else null.</summary>
    public static async Task<T?> LoadInScopeAsync<T>(this IQuerySession session, ICallerScope scope, Guid id, CancellationToken ct)
        where T : class, IOrgScoped =>
        await session.LoadAsync<T>(id, ct) is { } found && await scope.CoversAsync(found.UnitPath, ct) ? found : null;

    /// <summary>The document with this string id if it exists and lies in the caller's subtree, else null.</summary>
    public static async Task<T?> LoadInScopeAsync<T>(this IQuerySession session, ICallerScope scope, string id, CancellationToken ct)
        where T : class, IOrgScoped =>
        await session.LoadAsync<T>(id, ct) is { } found && await scope.CoversAsync(found.UnitPath, ct) ? found : null;

    /// <summary>The document, or <see cref="NotFoundException"/> (404) when it is missing or outside the caller's subtree.</summary>
    public static async Task<T> LoadInScopeOrThrowAsync<T>(this IQuerySession session, ICallerScope scope, Guid id, string what,
        CancellationToken ct) where T : class, IOrgScoped =>
        await session.LoadInScopeAsync<T>(scope, id, ct) ?? throw new NotFoundException(what, id.ToString());

    /// <summary>Those of these documents that exist and lie in the caller's subtree (e.g. the accounts a record names).</summary>
    public static async Task<IReadOnlyList<T>> LoadManyInScopeAsync<T>(this IQuerySession session, ICallerScope scope, IEnumerable<Guid> ids,
        CancellationToken ct) where T : class, IOrgScoped
    {
        var path = await scope.CallerPathAsync(ct);
        return (await session.LoadManyAsync<T>(ct, ids.Distinct())).Where(d => d.UnitPath.StartsWith(path, StringComparison.Ordinal)).ToList();
    }

    /// <summary>The caller's documents and those of the units above the caller (what a level publishes down to the levels
    /// below it, e.g. the city's published rankings for a county).</summary>
    public static async Task<IQueryable<T>> QueryInScopeOrAboveAsync<T>(this IQuerySession session, ICallerScope scope, CancellationToken ct)
        where T : class, IOrgScoped
    {
        var path = await scope.CallerPathAsync(ct);
        var above = Above(path);
        var all = session.Query<T>();
        if (path == "/") return all;
        var x = Expression.Parameter(typeof(T), "x");
        var isAbove = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], Expression.Constant(above), UnitPathOf<T>(x));
        return all.Where(Expression.Lambda<Func<T, bool>>(Expression.OrElse(StartsWith<T>(x, path), isAbove), x));
    }

    /// <summary>The document if it exists and lies in the caller's subtree or above the caller, else null.</summary>
    public static async Task<T?> LoadInScopeOrAboveAsync<T>(this IQuerySession session, ICallerScope scope, Guid id, CancellationToken ct)
        where T : class, IOrgScoped
    {
        if (await session.LoadAsync<T>(id, ct) is not { } found) return null;
        var path = await scope.CallerPathAsync(ct);
        return found.UnitPath.StartsWith(path, StringComparison.Ordinal) || Above(path).Contains(found.UnitPath) ? found : null;
    }

    /// <summary>The paths of the units above the one at <paramref name="path"/> (its prefixes): "/", "/a/", "/a/b/", …</summary>
    public static IReadOnlyList<string> Above(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Enumerable.Range(0, segments.Length).Select(n => "/" + string.Concat(segments.Take(n).Select(s => s + "/"))).ToArray();
    }

    /// <summary>Documents under a path (a unit's subtree): <c>x =&gt; x.UnitPath.StartsWith(path)</c> on the document's own
    /// property, so that Marten translates it (a member of the interface would not be).</summary>
    public static Expression<Func<T, bool>> Under<T>(string path) where T : IOrgScoped
    {
        var x = Expression.Parameter(typeof(T), "x");
        return Expression.Lambda<Func<T, bool>>(StartsWith<T>(x, path), x);
    }

    private static MethodCallExpression StartsWith<T>(ParameterExpression x, string path) =>
        Expression.Call(UnitPathOf<T>(x), typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Expression.Constant(path));

    private static MemberExpression UnitPathOf<T>(ParameterExpression x) =>
        Expression.Property(x, typeof(T).GetProperty(nameof(IOrgScoped.UnitPath))
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no public UnitPath property."));
}

/// <summary>Marks a class that reads <see cref="IOrgScoped"/> documents beyond the caller's subtree on purpose, e.g. work
/// the platform runs for every county on a schedule. Only such a class may read them without <see cref="ScopedQueries"/>
/// (an architecture test checks it); say why. (Since 1.6.)</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReadsAcrossScopesAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}
