namespace NetInfoSuite.Modules.Inspection.Plans;

internal static class PlanEndpoints
{
    public sealed record CreateBody(string? Name, int? Year, string? Template, Guid? CopyFrom);
    public sealed record UpdateBody(string? Name, int? Year, DateOnly? From, DateOnly? To, IReadOnlyList<Grade>? Grades, double? BonusThreshold,
        double? BonusCap, MissingSourceRule? MissingSource);
    public sealed record GroupBody(string? Name, IReadOnlyList<Guid>? Units);
    public sealed record IndicatorBody(Guid? Parent, string? Name, string? Description, double? Points, ScoringMethod? Method, string? Source, double? Parameter);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/plans", async (CreateBody body, IMediator m, CancellationToken ct) =>
            {
                var id = await m.Send(new CreatePlan(body.Name ?? "", body.Year ?? 0, body.Template, body.CopyFrom), ct);
                return Results.Created($"/api/inspection/plans/{id}", await m.Send(new GetPlan(id), ct));
            })
            .RequirePermission(InspectionPermissions.Plans)
            .WithSummary("A new evaluation plan run by the caller's unit: empty, from a built-in template (`gov-new-media`), or a copy of an earlier plan")
            .Produces<PlanView>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapGet("/plans", async (int? year, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ListPlans(year, page ?? 1, pageSize ?? 50), ct)))
            .RequirePermission(InspectionPermissions.Read)
            .WithSummary("The caller's plans, newest year first. Paged: `page` (from 1) and `pageSize` (50 by default, at most 200)").Produces<Page<PlanRow>>();
        routes.MapGet("/plans/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetPlan(id), ct)))
            .RequirePermission(InspectionPermissions.Read).WithSummary("A plan with its targets, indicator tree and grades").Produces<PlanView>();
        routes.MapPut("/plans/{id:guid}", async (Guid id, UpdateBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new UpdatePlan(id, body.Name ?? "", body.Year ?? 0, body.From ?? default, body.To ?? default, body.Grades ?? [],
                    body.BonusThreshold ?? 0, body.BonusCap ?? 0, body.MissingSource ?? MissingSourceRule.Rescale), ct)))
            .RequirePermission(InspectionPermissions.Plans)
            .WithSummary("Change a draft plan's name, period, grades, bonus rule and what an indicator of a missing module does")
            .Produces<PlanView>().ProducesValidationProblem();
        routes.MapPost("/plans/{id:guid}/groups", async (Guid id, GroupBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new SaveGroup(id, null, body.Name ?? "", body.Units ?? []), ct)))
            .RequirePermission(InspectionPermissions.Plans).WithSummary("Add a group of targets (units of the plan's unit's subtree), scored and ranked together")
            .Produces<PlanView>().ProducesValidationProblem();
        routes.MapPut("/plans/{id:guid}/groups/{group:guid}", async (Guid id, Guid group, GroupBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new SaveGroup(id, group, body.Name ?? "", body.Units ?? []), ct)))
            .RequirePermission(InspectionPermissions.Plans).WithSummary("Change a group's name and units").Produces<PlanView>().ProducesValidationProblem();
        routes.MapDelete("/plans/{id:guid}/groups/{group:guid}", async (Guid id, Guid group, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RemoveGroup(id, group), ct)))
            .RequirePermission(InspectionPermissions.Plans).WithSummary("Remove a group of targets").Produces<PlanView>();
        routes.MapPost("/plans/{id:guid}/indicators", async (Guid id, IndicatorBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(body.For(id, null), ct)))
            .RequirePermission(InspectionPermissions.Plans)
            .WithSummary("Add an indicator: points and one scoring method (Auto with a figure, Manual, Deduction, Veto, Bonus)")
            .Produces<PlanView>().ProducesValidationProblem();
        routes.MapPut("/plans/{id:guid}/indicators/{indicator:guid}", async (Guid id, Guid indicator, IndicatorBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(body.For(id, indicator), ct)))
            .RequirePermission(InspectionPermissions.Plans).WithSummary("Change an indicator").Produces<PlanView>().ProducesValidationProblem();
        routes.MapDelete("/plans/{id:guid}/indicators/{indicator:guid}", async (Guid id, Guid indicator, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new RemoveIndicator(id, indicator), ct)))
            .RequirePermission(InspectionPermissions.Plans).WithSummary("Remove an indicator and everything under it").Produces<PlanView>();
        routes.MapGet("/sources", () => Results.Ok(Sources.All.Select(s => new
            {
                s.Code, Name = s.Name.Current, Module = s.ModuleName.Current, s.Contract, s.Kind, s.LowerIsBetter, Formula = s.Formula.Current,
            })))
            .RequirePermission(InspectionPermissions.Read).WithSummary("The figures an indicator may be fed by, each with its module, contract and formula");
    }

    private static SaveIndicator For(this IndicatorBody body, Guid plan, Guid? indicator) =>
        new(plan, indicator, body.Parent, body.Name ?? "", body.Description, body.Points ?? 0, body.Method ?? ScoringMethod.Manual, body.Source,
            body.Parameter ?? 0);
}
