using NetInfoSuite.Modules.NetInfoModuleTemplate.CreateRecord;

namespace NetInfoSuite.Modules.NetInfoModuleTemplate.ListRecords;

/// <summary>A query: the caller's tenant's records, newest first.</summary>
[RequiresPermission(NetInfoModuleTemplateModule.Read)]
internal sealed record ListRecords : IRequest<IReadOnlyList<RecordView>>;

internal sealed class ListRecordsHandler(IQuerySession session) : IRequestHandler<ListRecords, IReadOnlyList<RecordView>>
{
    public async Task<IReadOnlyList<RecordView>> Handle(ListRecords request, CancellationToken ct) =>
        (await session.Query<NetInfoModuleTemplateRecord>().OrderByDescending(r => r.CreatedAt).Take(500).ToListAsync(ct))
        .Select(r => new RecordView(r.Id, r.Title, r.CreatedBy, r.CreatedAt)).ToList();
}

internal static class ListRecordsEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/records", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListRecords(), ct)))
        .RequirePermission(NetInfoModuleTemplateModule.Read)
        .WithSummary("The tenant's records, newest first")
        .Produces<IReadOnlyList<RecordView>>();
}
