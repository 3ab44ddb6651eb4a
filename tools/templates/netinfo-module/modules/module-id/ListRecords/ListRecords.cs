using NetInfoSuite.Modules.NetInfoModuleTemplate.CreateRecord;

namespace NetInfoSuite.Modules.NetInfoModuleTemplate.ListRecords;

/// <summary>A query: the caller's tenant's records, newest first; the city level sees every county's.</summary>
[RequiresPermission(NetInfoModuleTemplateModule.Read)]
internal sealed record ListRecords : IRequest<IReadOnlyList<RecordView>>;

internal sealed class ListRecordsHandler(IQuerySession session, ICaller caller, ITenantDatabases all)
    : IRequestHandler<ListRecords, IReadOnlyList<RecordView>>
{
    private const int Limit = 500;

    public async Task<IReadOnlyList<RecordView>> Handle(ListRecords request, CancellationToken ct)
    {
        // A county's session reads its own tenant (and database). The city reads across tenants, and a county moved
        // into a database of its own (NetInfo:Tenancy:Databases) is only reached by asking every database.
        var records = caller.IsCityWide
            ? (await all.QueryAllAsync(s => Newest(s.Query<NetInfoModuleTemplateRecord>().Where(r => r.AnyTenant()), ct), ct))
                .OrderByDescending(r => r.CreatedAt).Take(Limit).ToList()
            : await Newest(session.Query<NetInfoModuleTemplateRecord>(), ct);
        return records.Select(r => new RecordView(r.Id, r.Title, r.CreatedBy, r.CreatedAt)).ToList();
    }

    private static Task<IReadOnlyList<NetInfoModuleTemplateRecord>> Newest(IQueryable<NetInfoModuleTemplateRecord> query, CancellationToken ct) =>
        query.OrderByDescending(r => r.CreatedAt).Take(Limit).ToListAsync(ct);
}

internal static class ListRecordsEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/records", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListRecords(), ct)))
        .RequirePermission(NetInfoModuleTemplateModule.Read)
        .WithSummary("The tenant's records, newest first")
        .Produces<IReadOnlyList<RecordView>>();
}
