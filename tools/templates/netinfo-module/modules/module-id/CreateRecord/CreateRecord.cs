namespace NetInfoSuite.Modules.NetInfoModuleTemplate.CreateRecord;

/// <summary>A command: validated, authorized and audited by the host pipeline before and around the handler.</summary>
[RequiresPermission(NetInfoModuleTemplateModule.Manage)]
internal sealed record CreateRecord(string Title) : ICommand<RecordView>;

internal sealed record RecordView(Guid Id, string Title, string CreatedBy, DateTimeOffset CreatedAt);

internal sealed class CreateRecordValidator : AbstractValidator<CreateRecord>
{
    public CreateRecordValidator() => RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
}

internal sealed class CreateRecordHandler(IDocumentSession session, ICaller caller, TimeProvider clock)
    : IRequestHandler<CreateRecord, RecordView>
{
    public async Task<RecordView> Handle(CreateRecord command, CancellationToken ct)
    {
        var record = new NetInfoModuleTemplateRecord
        {
            Id = Guid.CreateVersion7(), Title = command.Title.Trim(), CreatedBy = caller.Login, CreatedAt = clock.GetUtcNow(),
        };
        session.Store(record);
        await session.SaveChangesAsync(ct);
        return new RecordView(record.Id, record.Title, record.CreatedBy, record.CreatedAt);
    }
}
