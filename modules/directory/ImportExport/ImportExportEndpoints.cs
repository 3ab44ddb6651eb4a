namespace NetInfoSuite.Modules.Directory.ImportExport;

internal static class ImportExportEndpoints
{
    private const long MaxUploadBytes = 20 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/export", async (IMediator mediator, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(OrgTreeSheet.Layout.Rows(await mediator.Send(new ExportOrgTree(), ct)), "组织机构.xlsx"))
            .WithName("ExportOrgTree")
            .RequirePermission(DirectoryPermissions.Read)
            .WithSummary("The whole tree as an Excel workbook (编码, 名称, 层级, 上级编码, 状态)");
        routes.MapGet("/import/template", () => NetInfoSuite.Ui.ExportCells.File(OrgTreeSheet.Layout.Template(), "组织机构导入模板.xlsx"))
            .RequirePermission(DirectoryPermissions.Manage)
            .WithSummary("The import's workbook with its header row and one example line");

        routes.MapPost("/import", async (IFormFile? file, IMediator mediator, CancellationToken ct) =>
            {
                if (file is null || file.Length == 0)
                    throw new RuleViolationException("file", "请上传 Excel 文件", "Upload an Excel file");
                if (file.Length > MaxUploadBytes)
                    throw new RuleViolationException("file", "文件不能超过 20 MB", "The file must not exceed 20 MB");
                // MiniExcel needs a seekable stream.
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                buffer.Position = 0;
                return Results.Ok(await mediator.Send(new ImportOrgTree(OrgTreeSheet.Read(buffer)), ct));
            })
            .WithName("ImportOrgTree")
            .RequirePermission(DirectoryPermissions.Manage)
            .WithSummary("Create and rename units from an Excel workbook; any bad row rejects the whole file")
            .Produces<ImportResult>()
            .ProducesValidationProblem()
            .DisableAntiforgery();
    }
}
