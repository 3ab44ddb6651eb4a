namespace NetInfoSuite.Modules.AccountMatrix.Publishing;

public sealed record PublicationSummary(Guid Id, string Title, string Author, DateTimeOffset CreatedAt, IReadOnlyList<PublicationTarget> Targets);

/// <summary>The caller's publications, newest first; optionally only those with a target waiting for review.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ListPublications(bool InReviewOnly, int Page, int PageSize) : IRequest<Page<PublicationSummary>>;

internal sealed class ListPublicationsValidator : AbstractValidator<ListPublications>
{
    public ListPublicationsValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 200);
    }
}

[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record GetPublication(Guid Id) : IRequest<PublicationView>;

internal sealed class PublicationQueries(IQuerySession session, ICallerScope scope)
    : IRequestHandler<ListPublications, Page<PublicationSummary>>, IRequestHandler<GetPublication, PublicationView>
{
    public async Task<Page<PublicationSummary>> Handle(ListPublications query, CancellationToken ct)
    {
        var publications = (await session.QueryInScopeAsync<Publication>(scope, ct));
        if (query.InReviewOnly) publications = publications.Where(p => p.Targets.Any(t => t.Status == TargetStatus.InReview));
        var total = await publications.CountAsync(ct);
        var page = await publications.OrderByDescending(p => p.CreatedAt).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new Page<PublicationSummary>(page.Select(p => new PublicationSummary(p.Id, p.Title, p.Author, p.CreatedAt, p.Targets)).ToList(),
            query.Page, query.PageSize, total);
    }

    public async Task<PublicationView> Handle(GetPublication query, CancellationToken ct) =>
        await session.LoadInScopeAsync<Publication>(scope, query.Id, ct) is { } p
            ? PublicationView.Of(p) : throw new NotFoundException("publication", query.Id.ToString());
}

/// <summary>The dictionary behind the 文字 check, in word order.</summary>
[RequiresPermission(AccountMatrixPermissions.Read)]
internal sealed record ListWords : IRequest<IReadOnlyList<WordEntry>>;

[RequiresPermission(AccountMatrixPermissions.Review)]
internal sealed record RemoveWord(string Word) : ICommand<Unit>;

internal sealed class WordHandlers(IDocumentSession session, ICaller caller) : IRequestHandler<ListWords, IReadOnlyList<WordEntry>>, IRequestHandler<RemoveWord, Unit>
{
    public async Task<IReadOnlyList<WordEntry>> Handle(ListWords query, CancellationToken ct) =>
        (await DictionaryWord.AllAsync(session, caller, ct)).Select(w => new WordEntry(w.Word, w.Kind, w.Suggestion, w.Owner)).ToList();

    /// <summary>A county removes its own words; the city-wide ones only the city.</summary>
    public async Task<Unit> Handle(RemoveWord command, CancellationToken ct)
    {
        var id = DictionaryWord.IdOf(DictionaryWord.OwnerOf(caller), command.Word);
        if (await session.LoadAsync<DictionaryWord>(id, ct) is null)
            throw await session.LoadAsync<DictionaryWord>(command.Word, ct) is null
                ? new NotFoundException("word", command.Word) : new RuleViolationException([WordRules.CityWide("word", command.Word)]);
        session.Delete<DictionaryWord>(id);
        await session.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

internal static class WordRules
{
    public static Violation CityWide(string field, string word) =>
        new(field, $"“{word}”属于全市词库，只能由市级修改", $"'{word}' belongs to the city-wide dictionary, which only the city changes");
}

/// <summary>Adds or changes the workbook's words: every row or none. The page's check and the import run one plan.</summary>
[RequiresPermission(AccountMatrixPermissions.Review)]
internal sealed record ImportWordWorkbook(IReadOnlyList<Workbook.Row> Rows) : ICommand<int>;

/// <summary>上传并检查: every error the import would meet, storing nothing.</summary>
[RequiresPermission(AccountMatrixPermissions.Review)]
internal sealed record CheckWordWorkbook(IReadOnlyList<Workbook.Row> Rows) : IRequest<IReadOnlyList<Violation>>;

internal sealed class ImportWordWorkbookHandler(IDocumentSession session, ICaller caller)
    : IRequestHandler<ImportWordWorkbook, int>, IRequestHandler<CheckWordWorkbook, IReadOnlyList<Violation>>
{
    public async Task<IReadOnlyList<Violation>> Handle(CheckWordWorkbook query, CancellationToken ct) => (await PlanAsync(query.Rows, ct)).Errors;

    public async Task<int> Handle(ImportWordWorkbook command, CancellationToken ct)
    {
        var (words, errors) = await PlanAsync(command.Rows, ct);
        if (errors.Count > 0) throw new RuleViolationException(errors);
        SetWordsHandler.Store(session, DictionaryWord.OwnerOf(caller), words);
        await session.SaveChangesAsync(ct);
        return words.Count;
    }

    // The words to store and every row's errors, a county's change to a city-wide word among them.
    private async Task<(List<WordEntry> Words, List<Violation> Errors)> PlanAsync(IReadOnlyList<Workbook.Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0) throw new RuleViolationException("file", "文件中没有词语", "The file has no words");
        if (rows.Count > WordSheet.MaxRows) throw new RuleViolationException("file", $"一次最多导入 {WordSheet.MaxRows} 行", $"At most {WordSheet.MaxRows} rows per import");
        var (words, errors) = WordSheet.Parse(rows);
        if (DictionaryWord.OwnerOf(caller) is not null)
        {
            var cityWide = await SetWordsHandler.CityWideAsync(session, words.Select(w => w.Word.Word.Trim()).ToArray(), ct);
            errors.AddRange(words.Where(w => cityWide.Contains(w.Word.Word.Trim()))
                .Select(w =>
                {
                    var refused = WordRules.CityWide("word", w.Word.Word.Trim());
                    return Workbook.RowError(w.Row, "word", refused.MessageZhCn, refused.MessageEn);
                }));
        }
        return (words.Select(w => w.Word).ToList(), errors);
    }
}

/// <summary>The dictionary workbook: 词语, 类型 (敏感词 / 易错词), 建议写法.</summary>
internal static class WordSheet
{
    public const string Word = "词语", Kind = "类型", Suggestion = "建议写法";

    public const int MaxRows = 50_000;

    /// <summary>The columns as exported, with the template's example line.</summary>
    public static readonly NetInfoSuite.Ui.SheetLayout Layout = new((Word, "番茄"), (Kind, "易错词"), (Suggestion, "西红柿"));

    /// <summary>The headers by the field names the import's errors use.</summary>
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string> { ["word"] = Word, ["kind"] = Kind, ["suggestion"] = Suggestion };

    public static List<Workbook.Row> Read(Stream xlsx) => Workbook.Read(xlsx, MaxRows).Where(r => r.Cell(Word).Length > 0).ToList();

    /// <summary>The rows as words (with their row numbers), every bad row's errors.</summary>
    public static (List<(int Row, WordEntry Word)> Words, List<Violation> Errors) Parse(IReadOnlyList<Workbook.Row> rows)
    {
        var words = new List<(int, WordEntry)>();
        var errors = new List<Violation>();
        foreach (var (number, cell) in rows)
        {
            WordKind? kind = cell(Kind) switch { "敏感词" or "Sensitive" or "" => WordKind.Sensitive, "易错词" or "CommonlyWrong" => WordKind.CommonlyWrong, _ => null };
            if (kind is null) errors.Add(Workbook.RowError(number, "kind", $"类型“{cell(Kind)}”须为敏感词或易错词", $"kind '{cell(Kind)}' must be 敏感词 or 易错词"));
            if (cell(Word).Length > 50 || cell(Suggestion).Length > 50) errors.Add(Workbook.RowError(number, "word", "词语和建议写法不能超过 50 字", "the word and its suggestion must not exceed 50 characters"));
            else if (kind is { } k) words.Add((number, new WordEntry(cell(Word), k, cell(Suggestion).Length == 0 ? null : cell(Suggestion))));
        }
        return (words, errors);
    }

    public static IEnumerable<IDictionary<string, object?>> Write(IEnumerable<WordEntry> words) => words.Select(w => new Dictionary<string, object?>
    {
        [Word] = w.Word, [Kind] = w.Kind == WordKind.Sensitive ? "敏感词" : "易错词", [Suggestion] = w.Suggestion,
    });
}

internal static class PublicationListEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/publications", async (bool? inReview, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ListPublications(inReview ?? false, page ?? 1, pageSize ?? 20), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("The caller's publications, newest first").Produces<Page<PublicationSummary>>();
        routes.MapGet("/publications/{id:guid}", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new GetPublication(id), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("One publication with each target's review and sending").Produces<PublicationView>();
        routes.MapGet("/words", async (IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new ListWords(), ct)))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("The sensitive and commonly-wrong word dictionary").Produces<IReadOnlyList<WordEntry>>();
        routes.MapDelete("/words/{word}", async (string word, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new RemoveWord(word), ct);
                return Results.NoContent();
            })
            .RequirePermission(AccountMatrixPermissions.Review).WithSummary("Remove a word from the dictionary");
        routes.MapPost("/words/import", async (IFormFile? file, IMediator m, CancellationToken ct) =>
            {
                using var buffer = await Workbook.UploadAsync(file, ct, 10 * 1024 * 1024);
                return Results.Ok(new { words = await m.Send(new ImportWordWorkbook(WordSheet.Read(buffer)), ct) });
            })
            .RequirePermission(AccountMatrixPermissions.Review)
            .WithSummary("Add or change dictionary words from an Excel workbook (词语, 类型, 建议写法); a bad row rejects the file")
            .ProducesValidationProblem().DisableAntiforgery();
        routes.MapGet("/words/export", async (IMediator m, CancellationToken ct) =>
                NetInfoSuite.Ui.ExportCells.File(WordSheet.Layout.Rows(WordSheet.Write(await m.Send(new ListWords(), ct)).ToList()), "words.xlsx"))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("The dictionary as an Excel workbook (the import's layout)");
        routes.MapGet("/words/import/template", () => NetInfoSuite.Ui.ExportCells.File(WordSheet.Layout.Template(), "词库导入模板.xlsx"))
            .RequirePermission(AccountMatrixPermissions.Read).WithSummary("The import's workbook with its header row and one example line");
    }
}
