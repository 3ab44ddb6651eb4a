namespace NetInfoSuite.Modules.NetInfoModuleTemplate.CreateRecord;

internal static class CreateRecordEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPost("/records", async (CreateRecord command, IMediator mediator, CancellationToken ct) =>
        {
            var record = await mediator.Send(command, ct);
            return Results.Created($"/api/module-id/records/{record.Id}", record);
        })
        .RequirePermission(NetInfoModuleTemplateModule.Manage)
        .WithSummary("Record something")
        .Produces<RecordView>(StatusCodes.Status201Created)
        .ProducesValidationProblem();
}
