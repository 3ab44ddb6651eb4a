namespace NetInfoSuite.Modules.JingpoWinterFishing.CreateCampaign;

[RequiresPermission(JingpoWinterFishingModule.Manage)]
internal sealed record CreateCampaign(string Name, DateOnly FirstDay, DateOnly LastDay) : ICommand<Campaign>;

internal sealed class CreateCampaignValidator : AbstractValidator<CreateCampaign>
{
    public CreateCampaignValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.LastDay).GreaterThanOrEqualTo(x => x.FirstDay);
        RuleFor(x => x.LastDay).Must((c, last) => last.DayNumber - c.FirstDay.DayNumber < 60)
            .WithMessage(_ => new LocalizedText("活动不能超过 60 天", "A campaign lasts at most 60 days").Current);
    }
}

internal sealed class CreateCampaignHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<CreateCampaign, Campaign>
{
    public async Task<Campaign> Handle(CreateCampaign command, CancellationToken ct)
    {
        var campaign = new Campaign
        {
            Id = Guid.CreateVersion7(), Name = command.Name.Trim(), FirstDay = command.FirstDay, LastDay = command.LastDay,
            CreatedAt = clock.GetUtcNow(),
        };
        session.Store(campaign);
        await session.SaveChangesAsync(ct);
        return campaign;
    }
}

internal static class CreateCampaignEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPost("/campaigns", async (CreateCampaign command, IMediator mediator, CancellationToken ct) =>
        {
            var campaign = await mediator.Send(command, ct);
            return Results.Created($"/api/jingpo-winter-fishing/campaigns/{campaign.Id}", campaign);
        })
        .RequirePermission(JingpoWinterFishingModule.Manage)
        .WithSummary("Start a campaign (its days)")
        .ProducesValidationProblem();
}
