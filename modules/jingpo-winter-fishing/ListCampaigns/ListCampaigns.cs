namespace NetInfoSuite.Modules.JingpoWinterFishing.ListCampaigns;

internal sealed record CampaignSummary(Guid Id, string Name, DateOnly FirstDay, DateOnly LastDay, int Participants);

/// <summary>The county's campaigns, latest first.</summary>
[RequiresPermission(JingpoWinterFishingModule.Read)]
internal sealed record ListCampaigns(int Page, int PageSize) : IRequest<NetInfoSuite.Contracts.Kernel.Page<CampaignSummary>>;

internal sealed class ListCampaignsValidator : AbstractValidator<ListCampaigns>
{
    public ListCampaignsValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 200);
    }
}

internal sealed class ListCampaignsHandler(IQuerySession session)
    : IRequestHandler<ListCampaigns, NetInfoSuite.Contracts.Kernel.Page<CampaignSummary>>
{
    public async Task<NetInfoSuite.Contracts.Kernel.Page<CampaignSummary>> Handle(ListCampaigns request, CancellationToken ct)
    {
        var all = session.Query<Campaign>();
        var total = await all.CountAsync(ct);
        var page = await all.OrderByDescending(c => c.FirstDay).Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .ToListAsync(ct);
        return new(page.Select(c => new CampaignSummary(c.Id, c.Name, c.FirstDay, c.LastDay, c.Participants.Count)).ToList(),
            request.Page, request.PageSize, total);
    }
}
