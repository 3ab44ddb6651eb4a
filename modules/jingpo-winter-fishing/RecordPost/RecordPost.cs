namespace NetInfoSuite.Modules.JingpoWinterFishing.RecordPost;

/// <summary>A participant's post on a campaign day and its reach. Recording the same URL again replaces
/// the figures (metrics are re-imported as they grow), never doubles them.</summary>
[RequiresPermission(JingpoWinterFishingModule.Manage)]
internal sealed record RecordPost(Guid CampaignId, Guid ParticipantId, string Title, string Url, DateOnly PublishedOn,
    long Reads, long Likes, long Shares) : ICommand<CampaignPost>;

internal sealed class RecordPostValidator : AbstractValidator<RecordPost>
{
    public RecordPostValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Url).NotEmpty().MaximumLength(1000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .WithMessage(_ => new LocalizedText("请填写 http 或 https 链接", "Give an http or https link").Current);
        RuleFor(x => x.Reads).GreaterThanOrEqualTo(0);
        RuleFor(x => x.Likes).GreaterThanOrEqualTo(0);
        RuleFor(x => x.Shares).GreaterThanOrEqualTo(0);
    }
}

internal sealed class RecordPostHandler(IDocumentSession session) : IRequestHandler<RecordPost, CampaignPost>
{
    public async Task<CampaignPost> Handle(RecordPost command, CancellationToken ct)
    {
        var campaign = await session.LoadCampaign(command.CampaignId, ct);
        if (campaign.Participants.All(p => p.Id != command.ParticipantId))
            throw new RuleViolationException("participantId", "不在参与名单中", "Not taking part in this campaign");
        if (!campaign.IsCampaignDay(command.PublishedOn))
            throw new RuleViolationException("publishedOn", $"不在活动期内（{campaign.FirstDay}—{campaign.LastDay}）",
                $"Outside the campaign days ({campaign.FirstDay} to {campaign.LastDay})");

        var url = command.Url.Trim();
        var post = new CampaignPost
        {
            Id = $"{command.CampaignId:N}:{url}", CampaignId = command.CampaignId, ParticipantId = command.ParticipantId,
            Title = command.Title.Trim(), Url = url, PublishedOn = command.PublishedOn,
            Reads = command.Reads, Likes = command.Likes, Shares = command.Shares,
        };
        session.Store(post);
        await session.SaveChangesAsync(ct);
        return post;
    }
}

internal sealed record RecordPostBody(Guid ParticipantId, string Title, string Url, DateOnly PublishedOn, long Reads, long Likes, long Shares);

internal static class RecordPostEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPut("/campaigns/{campaignId:guid}/posts", async (Guid campaignId, RecordPostBody b, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new RecordPost(campaignId, b.ParticipantId, b.Title, b.Url, b.PublishedOn, b.Reads, b.Likes, b.Shares), ct)))
        .RequirePermission(JingpoWinterFishingModule.Manage)
        .WithSummary("Record a post and its reach (the same URL again replaces its figures)")
        .ProducesValidationProblem();
}
