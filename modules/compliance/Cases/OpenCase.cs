namespace NetInfoSuite.Modules.Compliance.Cases;

internal sealed class OpenReviewCaseValidator : AbstractValidator<OpenReviewCase>
{
    public OpenReviewCaseValidator()
    {
        RuleFor(x => x.Unit.Value).NotEmpty().OverridePropertyName("unit").WithName("unit");
        RuleFor(x => x.SubjectKind).IsInEnum();
        RuleFor(x => x.Source).IsInEnum();
        RuleFor(x => x.Severity).IsInEnum();
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Finding).NotEmpty().MaximumLength(5_000);
        RuleFor(x => x.EvidenceUrl).MaximumLength(2_000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .When(x => !string.IsNullOrWhiteSpace(x.EvidenceUrl))
            .WithMessage(_ => new LocalizedText("证据链接须为 http(s) 网址", "The evidence link must be an http(s) address").Current);
        RuleFor(x => x.EvidenceExcerpt).MaximumLength(5_000);
        RuleFor(x => x.SourceModule).MaximumLength(50);
        RuleFor(x => x.SourceKey).MaximumLength(200);
    }
}

/// <summary>Opens a case (for people through the endpoint, for other modules through the contract). A repeated request
/// from another module (same module and key) answers the case it opened before: outbox delivery may repeat.</summary>
internal sealed class OpenReviewCaseHandler(IDocumentSession session, ICallerScope scope, ICaller caller, TimeProvider time)
    : IRequestHandler<OpenReviewCase, Guid>
{
    public async Task<Guid> Handle(OpenReviewCase command, CancellationToken ct)
    {
        var unit = await scope.UsableAsync(command.Unit.Value, "unit", ct);
        var key = string.IsNullOrWhiteSpace(command.SourceKey) ? null : $"{command.SourceModule?.Trim()}:{command.SourceKey.Trim()}";
        if (key is not null && await (await session.QueryInScopeAsync<ReviewCase>(scope, ct)).FirstOrDefaultAsync(c => c.SourceKey == key, ct) is { } known)
            return known.Id;
        var opened = new ReviewCase
        {
            Id = Guid.CreateVersion7(), Unit = unit.Id, UnitName = unit.Name, SubjectKind = command.SubjectKind, Subject = command.Subject.Trim(),
            Source = command.Source, Severity = command.Severity, Finding = command.Finding.Trim(),
            EvidenceUrl = Blank(command.EvidenceUrl), EvidenceExcerpt = Blank(command.EvidenceExcerpt), SourceModule = Blank(command.SourceModule),
            SourceKey = key, Status = CaseStatus.Open, Owner = caller.IsSystem ? "" : caller.Login, OpenedBy = caller.IsSystem ? "" : caller.Login,
            OpenedAt = time.GetUtcNow(), UnitPath = unit.Path,
        };
        session.Store(opened);
        await session.SaveChangesAsync(ct);
        return opened.Id;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
