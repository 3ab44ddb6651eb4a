namespace NetInfoSuite.Modules.GridDispatch.Feedback;

/// <summary>A screenshot proving the message went out, stored in the database beside its task. PNG, JPEG or WebP,
/// up to 2 MB, recognised by its first bytes (not by what the phone claims).</summary>
[RequiresPermission(GridDispatchPermissions.Operate)]
internal sealed record AttachEvidence(Guid TaskId, byte[] Content) : ICommand<EvidenceInfo>
{
    public Guid Id => TaskId;
    public const int MaxBytes = 2 * 1024 * 1024;
}

public sealed record EvidenceInfo(Guid TaskId, string ContentType, int Size);

internal sealed class AttachEvidenceValidator : AbstractValidator<AttachEvidence>
{
    public AttachEvidenceValidator()
    {
        RuleFor(x => x.Content).NotEmpty()
            .Must(c => c.Length <= AttachEvidence.MaxBytes).WithMessage(_ => new LocalizedText("截图不能超过 2 MB", "The screenshot must not exceed 2 MB").Current)
            .Must(c => EvidenceTypes.Of(c) is not null).WithMessage(_ => new LocalizedText("截图须为 PNG、JPEG 或 WebP 图片", "The screenshot must be a PNG, JPEG or WebP image").Current);
    }
}

internal static class EvidenceTypes
{
    public static string? Of(byte[] c) =>
        c.Length > 12 && c[0] == 0x89 && c[1] == 0x50 && c[2] == 0x4E && c[3] == 0x47 ? "image/png"
        : c.Length > 3 && c[0] == 0xFF && c[1] == 0xD8 && c[2] == 0xFF ? "image/jpeg"
        : c.Length > 12 && c[0] == 'R' && c[1] == 'I' && c[2] == 'F' && c[3] == 'F' && c[8] == 'W' && c[9] == 'E' && c[10] == 'B' && c[11] == 'P' ? "image/webp"
        : null;
}

internal sealed class AttachEvidenceHandler(IDocumentStore store, ICaller caller) : IRequestHandler<AttachEvidence, EvidenceInfo>
{
    public async Task<EvidenceInfo> Handle(AttachEvidence command, CancellationToken ct)
    {
        var type = EvidenceTypes.Of(command.Content)!;
        await using var connection = await TaskRows.OpenAsync(store, ct);
        await using var insert = new NpgsqlCommand($"""
            insert into {DispatchTables.Evidence} (task_id, content_type, size, content)
            select id, $2, $3, $4 from {DispatchTables.Tasks} where id = $1 and $5 = any(operators) and released_at is not null
            on conflict (task_id) do update set content_type = excluded.content_type, size = excluded.size, content = excluded.content
            """, connection)
        {
            Parameters =
            {
                new() { Value = command.TaskId }, new() { Value = type }, new() { Value = command.Content.Length },
                new() { Value = command.Content, NpgsqlDbType = NpgsqlDbType.Bytea }, new() { Value = caller.Login },
            },
        };
        if (await insert.ExecuteNonQueryAsync(ct) == 0) throw new NotFoundException("task", command.TaskId.ToString());
        return new EvidenceInfo(command.TaskId, type, command.Content.Length);
    }
}
