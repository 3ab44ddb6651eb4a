using NetInfoSuite.Contracts.Compliance;

namespace NetInfoSuite.Modules.AccountMatrix.Publishing;

/// <summary>A piece published with words of the sensitive dictionary in it (the review let them through) is a finding
/// for compliance: it opens a review case through the <see cref="OpenReviewCase"/> contract, sent through the outbox so
/// it commits with the publication and waits while compliance is not deployed. One case per piece and account.</summary>
internal static class PublishedScan
{
    private const int ExcerptRadius = 30;

    public static async Task QueueAsync(IDocumentSession session, IOutbox outbox, ICallerScope scope, Publication piece, PublicationTarget target,
        CancellationToken ct)
    {
        // The case is about the account: it belongs to the account's unit (a city-wide author's piece has no unit of its own).
        if (((await session.LoadInScopeAsync<Account>(scope, target.AccountId, ct))?.OwnerUnitId ?? piece.UnitId()) is not { } unit) return;
        // The dictionary the piece's county reviews with: the city's words and the county's own (its tenant is its code).
        var county = (await scope.PlaceOfAsync(unit, ct))?.RootFirst.FirstOrDefault(u => u.Level == Contracts.Directory.OrgLevel.County)?.Code;
        var words = (await session.Query<DictionaryWord>().Where(w => w.Kind == WordKind.Sensitive && (w.Owner == null || w.Owner == county)).ToListAsync(ct))
            .Select(w => w.Word).Distinct().ToList();
        if (words.Count == 0) return;
        var text = piece.Title + "\n" + piece.Body;
        var hits = new AhoCorasick(words).Find(text).ToList();
        if (hits.Count == 0) return;
        var found = hits.Select(h => words[h.Word]).Distinct().ToList();
        var first = hits[0].Position;
        var excerpt = text.Substring(Math.Max(0, first - ExcerptRadius), Math.Min(text.Length, first + ExcerptRadius) - Math.Max(0, first - ExcerptRadius));
        outbox.Send(session, new OpenReviewCase(new OrgUnitId(unit), CaseSubjectKind.Account, target.AccountName, CaseSource.AutomaticScan,
            CaseSeverity.Serious, $"已发布稿件《{piece.Title}》含敏感词：{string.Join("、", found)}")
        {
            EvidenceUrl = target.Link is { } link && Links.IsWebLink(link) ? link : null,
            EvidenceExcerpt = excerpt,
            SourceModule = "account-matrix",
            SourceKey = $"publication:{piece.Id:N}:{target.AccountId:N}",
        });
    }
}
