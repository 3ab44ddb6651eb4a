namespace NetInfoSuite.Modules.Compliance.Notices;

/// <summary>A file for the rectification report (PDF, Word, an image), uploaded by the recipient before it reports.</summary>
[RequiresPermission(CompliancePermissions.Respond)]
internal sealed record UploadNoticeFile(Guid NoticeId, string FileName, byte[] Content) : ICommand<NoticeFileView>
{
    public Guid Id => NoticeId;
}

internal sealed class UploadNoticeFileValidator : AbstractValidator<UploadNoticeFile>
{
    public UploadNoticeFileValidator()
    {
        RuleFor(x => x.FileName).NotEmpty().MaximumLength(200).OverridePropertyName("file");
        RuleFor(x => x.Content).NotEmpty().OverridePropertyName("file")
            .Must(c => c.Length <= StoredFiles.MaxBytes).WithMessage(_ => new LocalizedText("附件不能超过 10 MB", "A file must not exceed 10 MB").Current)
            .Must((x, c) => StoredFiles.TypeOf(c, x.FileName) is not null)
            .WithMessage(_ => new LocalizedText("附件须为 PDF、Word 文档或图片（按文件内容识别）", "A file must be a PDF, a Word document or an image (judged by its content)").Current);
    }
}

/// <summary>A report file of a notice of the caller's subtree.</summary>
[RequiresPermission(CompliancePermissions.Read)]
internal sealed record GetNoticeFile(Guid NoticeId, Guid FileId) : IRequest<(StoredFiles.Info Info, byte[] Content)>;

internal sealed class NoticeFileHandlers(IDocumentSession session, IDocumentStore store, ICallerScope scope, ICaller caller, TimeProvider time)
    : IRequestHandler<UploadNoticeFile, NoticeFileView>, IRequestHandler<GetNoticeFile, (StoredFiles.Info, byte[])>
{
    public async Task<NoticeFileView> Handle(UploadNoticeFile command, CancellationToken ct)
    {
        var notice = await session.LoadInScopeOrThrowAsync<Notice>(scope, command.NoticeId, "notice", ct);
        if (caller.OrgUnit?.Value != notice.Recipient)
            throw new RuleViolationException("file", $"只有{notice.RecipientName}的人员可以上传整改报告附件", $"Only users of {notice.RecipientName} add report files");
        if (notice.Status is not (NoticeStatus.Acknowledged or NoticeStatus.Returned))
            throw new RuleViolationException("status", "现在不能提交整改报告附件", "Report files cannot be added now");
        var name = Path.GetFileName(command.FileName.Trim());
        var type = StoredFiles.TypeOf(command.Content, name)!;
        var id = await StoredFiles.StoreAsync(session, notice.Id, name, type, command.Content, caller.Login, time.GetUtcNow(), ct);
        await session.SaveChangesAsync(ct);
        return new NoticeFileView(id, name, type, command.Content.Length);
    }

    public async Task<(StoredFiles.Info, byte[])> Handle(GetNoticeFile query, CancellationToken ct)
    {
        var notice = await session.LoadInScopeOrThrowAsync<Notice>(scope, query.NoticeId, "notice", ct);
        return await StoredFiles.LoadAsync(store, notice.Id, query.FileId, ct) ?? throw new NotFoundException("file", query.FileId.ToString());
    }
}

internal static class NoticeFileEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/notices/{id:guid}/files", async (Guid id, IFormFile? file, IMediator m, CancellationToken ct) =>
            {
                if (file is null || file.Length == 0) throw new RuleViolationException("file", "请选择文件", "Choose a file");
                if (file.Length > StoredFiles.MaxBytes) throw new RuleViolationException("file", "附件不能超过 10 MB", "A file must not exceed 10 MB");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                return Results.Ok(await m.Send(new UploadNoticeFile(id, file.FileName, buffer.ToArray()), ct));
            })
            .RequirePermission(CompliancePermissions.Respond).WithSummary("Add a file to the rectification report (PDF, Word or image, up to 10 MB)")
            .Produces<NoticeFileView>().ProducesValidationProblem().DisableAntiforgery();
        routes.MapGet("/notices/{id:guid}/files/{fileId:guid}", async (Guid id, Guid fileId, IMediator m, CancellationToken ct) =>
            {
                var (info, content) = await m.Send(new GetNoticeFile(id, fileId), ct);
                return Results.File(content, info.ContentType, info.Name);
            })
            .RequirePermission(CompliancePermissions.Read).WithSummary("A file of the rectification report");
    }
}

internal static class NoticeDocxEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/notices/{id:guid}/docx", async (Guid id, IMediator m, IOfficeClock clock, CancellationToken ct) =>
            {
                var notice = await m.Send(new GetNotice(id), ct);
                return Results.File(NoticeDocument.Docx(notice, clock.DayOf(notice.IssuedAt)),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"{notice.Number}.docx");
            })
            .RequirePermission(CompliancePermissions.Read).WithSummary("The notice as a Word document (.docx, A4, 红头)");
}
