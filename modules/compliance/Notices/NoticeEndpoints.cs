namespace NetInfoSuite.Modules.Compliance.Notices;

internal static class NoticeEndpoints
{
    public sealed record NoteBody(string? Note);
    public sealed record ReportBody(string? Report, IReadOnlyList<Guid>? Files);
    public sealed record ReturnBody(string? Reason, DateOnly? Deadline);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/notices", async (IssueRectificationNotice command, IMediator m, CancellationToken ct) =>
            {
                var notice = await m.Send(command, ct);
                return Results.Created($"/api/compliance/notices/{notice.Id}", notice);
            })
            .RequirePermission(CompliancePermissions.Notices).WithSummary("Issue a rectification notice (整改通知书); it gets the tenant's next number")
            .Produces<RectificationNoticeInfo>(StatusCodes.Status201Created).ProducesValidationProblem();
        routes.MapGet("/notices", async (NoticeFilter? filter, string? text, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ListNotices(filter ?? NoticeFilter.All, text, page ?? 1, pageSize ?? 50), ct)))
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("The caller's notices, newest first. Paged: `page` (from 1) and `pageSize` (50 by default, at most 200); `filter`: All, Received, Open, Overdue")
            .Produces<Page<NoticeRow>>();
        routes.MapGet("/notices/export", async (NoticeFilter? filter, string? text, IMediator m, IOfficeClock clock, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(NoticeSheet.Rows(await m.Send(new ExportNotices(filter ?? NoticeFilter.All, text), ct), clock), "整改通知书.xlsx"))
            .RequirePermission(CompliancePermissions.Read)
            .WithSummary("The caller's notices as a workbook, with the list's filters (`filter`, `text`), newest first, at most 10,000");
        routes.MapPost("/notices/escalate", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new RunNoticeEscalation(), ct)))
            .RequirePermission(CompliancePermissions.Notices)
            .WithSummary("Tell overdue notices now (the host does it every minute): each notice once per deadline").Produces<EscalationRun>();
        routes.MapGet("/notices/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetNotice(id), ct)))
            .RequirePermission(CompliancePermissions.Read).WithSummary("A notice with its steps, cases and report files").Produces<NoticeView>();
        routes.MapPost("/notices/{id:guid}/acknowledge", async (Guid id, NoteBody? body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new AcknowledgeNotice(id, body?.Note), ct)))
            .RequirePermission(CompliancePermissions.Respond).WithSummary("签收: the recipient unit signs for the notice").Produces<NoticeView>().ProducesValidationProblem();
        routes.MapPost("/notices/{id:guid}/report", async (Guid id, ReportBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new SubmitNoticeReport(id, body.Report ?? "", body.Files), ct)))
            .RequirePermission(CompliancePermissions.Respond).WithSummary("整改报告: the recipient reports, naming files uploaded before").Produces<NoticeView>().ProducesValidationProblem();
        routes.MapPost("/notices/{id:guid}/verify", async (Guid id, NoteBody? body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new VerifyNotice(id, body?.Note), ct)))
            .RequirePermission(CompliancePermissions.Notices).WithSummary("The issuer accepts the report: the notice and its cases close").Produces<NoticeView>().ProducesValidationProblem();
        routes.MapPost("/notices/{id:guid}/return", async (Guid id, ReturnBody body, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ReturnNotice(id, body.Reason ?? "", body.Deadline ?? default), ct)))
            .RequirePermission(CompliancePermissions.Notices).WithSummary("再整改: the issuer returns the report with a new deadline").Produces<NoticeView>().ProducesValidationProblem();
    }
}
