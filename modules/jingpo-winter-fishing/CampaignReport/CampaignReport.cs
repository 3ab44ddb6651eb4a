namespace NetInfoSuite.Modules.JingpoWinterFishing.CampaignReport;

internal sealed record DayReach(DateOnly Day, int Posts, long Reads, long Likes, long Shares);
internal sealed record ParticipantReach(Guid Id, string Name, ParticipantKind Kind, int Posts, long Reads);
internal sealed record Report(Guid CampaignId, string Name, int Posts, long Reads, long Likes, long Shares,
    IReadOnlyList<DayReach> Days, IReadOnlyList<ParticipantReach> Participants);

/// <summary>Reach day by day (every campaign day, quiet ones too) and participant by participant.</summary>
[RequiresPermission(JingpoWinterFishingModule.Read)]
internal sealed record GetCampaignReport(Guid CampaignId) : IRequest<Report>;

internal sealed class GetCampaignReportHandler(IQuerySession session) : IRequestHandler<GetCampaignReport, Report>
{
    public async Task<Report> Handle(GetCampaignReport request, CancellationToken ct)
    {
        var campaign = await session.LoadCampaign(request.CampaignId, ct);
        var posts = await session.Query<CampaignPost>().Where(p => p.CampaignId == campaign.Id).ToListAsync(ct);
        var days = Enumerable.Range(0, campaign.LastDay.DayNumber - campaign.FirstDay.DayNumber + 1)
            .Select(campaign.FirstDay.AddDays)
            .Select(d => posts.Where(p => p.PublishedOn == d).ToList())
            .Select((ps, i) => new DayReach(campaign.FirstDay.AddDays(i), ps.Count, ps.Sum(p => p.Reads), ps.Sum(p => p.Likes), ps.Sum(p => p.Shares)))
            .ToList();
        var participants = campaign.Participants
            .Select(pt => (pt, ps: posts.Where(p => p.ParticipantId == pt.Id).ToList()))
            .Select(x => new ParticipantReach(x.pt.Id, x.pt.Name, x.pt.Kind, x.ps.Count, x.ps.Sum(p => p.Reads)))
            .OrderByDescending(p => p.Reads).ToList();
        return new Report(campaign.Id, campaign.Name, posts.Count, posts.Sum(p => p.Reads), posts.Sum(p => p.Likes),
            posts.Sum(p => p.Shares), days, participants);
    }
}

internal static class CampaignReportEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapGet("/campaigns/{campaignId:guid}/report", async (Guid campaignId, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new GetCampaignReport(campaignId), ct)))
        .RequirePermission(JingpoWinterFishingModule.Read)
        .WithSummary("Reach by day and by participant")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
