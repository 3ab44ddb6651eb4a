using NetInfoSuite.Contracts.AccountMatrix;
using NetInfoSuite.Contracts.NetizenRegistry;

namespace NetInfoSuite.Modules.JingpoWinterFishing.AddParticipant;

/// <summary>An account of the matrix or a registered personality joins the campaign. Its name comes from
/// that module through the contracts; while that module is not deployed, the name given here is kept.</summary>
[RequiresPermission(JingpoWinterFishingModule.Manage)]
internal sealed record AddParticipant(Guid CampaignId, ParticipantKind Kind, Guid Id, string? Name) : ICommand<Participant>;

internal sealed class AddParticipantValidator : AbstractValidator<AddParticipant>
{
    public AddParticipantValidator()
    {
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Id).NotEmpty();
        RuleFor(x => x.Name).MaximumLength(100);
    }
}

internal sealed class AddParticipantHandler(IDocumentSession session, IMediator mediator) : IRequestHandler<AddParticipant, Participant>
{
    public async Task<Participant> Handle(AddParticipant command, CancellationToken ct)
    {
        var campaign = await session.LoadCampaign(command.CampaignId, ct);
        if (campaign.Participants.Any(p => p.Id == command.Id))
            throw new RuleViolationException("id", "已在参与名单中", "Already taking part");

        var name = await NameFromOwner(command, ct) ?? command.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            throw new RuleViolationException("name", "找不到该账号或人士，请填写名称", "Not found in its module: give a name");

        var participant = new Participant(command.Id, command.Kind, name);
        campaign.Participants.Add(participant);
        session.Store(campaign);
        await session.SaveChangesAsync(ct);
        return participant;
    }

    private async Task<string?> NameFromOwner(AddParticipant command, CancellationToken ct)
    {
        try
        {
            return command.Kind == ParticipantKind.Account
                ? (await mediator.Send(new GetAccount(command.Id), ct))?.Name
                : (await mediator.Send(new GetPersonality(command.Id), ct))?.PublicName;
        }
        catch (ModuleUnavailableException)
        {
            return null; // the account matrix or the registry is not deployed here: degrade to the given name
        }
    }
}

internal sealed record AddParticipantBody(ParticipantKind Kind, Guid Id, string? Name);

internal static class AddParticipantEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPost("/campaigns/{campaignId:guid}/participants", async (Guid campaignId, AddParticipantBody body, IMediator mediator,
            CancellationToken ct) => Results.Ok(await mediator.Send(new AddParticipant(campaignId, body.Kind, body.Id, body.Name), ct)))
        .RequirePermission(JingpoWinterFishingModule.Manage)
        .WithSummary("Add an account or a personality to the campaign")
        .ProducesValidationProblem();
}
