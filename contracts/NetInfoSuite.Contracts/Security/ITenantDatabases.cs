using Marten;

namespace NetInfoSuite.Contracts.Security;

/// <summary>City-level reads across every county. With one database an AnyTenant() query is enough; when
/// tenants are spread over several databases this runs the query in each and joins the results.
/// (Since 1.1.)</summary>
public interface ITenantDatabases
{
    /// <param name="query">a query that spans tenants, e.g. <c>s =&gt; s.Query&lt;T&gt;().Where(x =&gt; x.AnyTenant()).ToListAsync(ct)</c></param>
    /// <param name="ct">cancels every database's query</param>
    Task<IReadOnlyList<T>> QueryAllAsync<T>(Func<IQuerySession, Task<IReadOnlyList<T>>> query, CancellationToken ct = default);
}
