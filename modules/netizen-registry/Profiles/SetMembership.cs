namespace NetInfoSuite.Modules.NetizenRegistry.Profiles;

/// <summary>Records the personality's role in the self-media association (自媒体行业协会) since a date (and until, when
/// they left); no role: not a member.</summary>
[RequiresPermission(NetizenRegistryPermissions.Manage)]
internal sealed record SetMembership(Guid Id, string? Role, DateOnly? Since, DateOnly? Until) : ICommand<ProfileView>;

internal sealed class SetMembershipValidator : AbstractValidator<SetMembership>
{
    public SetMembershipValidator()
    {
        RuleFor(x => x.Role).MaximumLength(50);
        RuleFor(x => x.Since).NotNull().When(x => !string.IsNullOrWhiteSpace(x.Role))
            .WithMessage(_ => new LocalizedText("须填写入会日期", "Give the date they joined").Current);
        RuleFor(x => x.Until).GreaterThanOrEqualTo(x => x.Since).When(x => x.Until is not null && x.Since is not null)
            .WithMessage(_ => new LocalizedText("退会日期不能早于入会日期", "They cannot leave before joining").Current);
    }
}

internal sealed class SetMembershipHandler(IDocumentStore store, IDocumentSession session, ICallerScope scope) : IRequestHandler<SetMembership, ProfileView>
{
    public async Task<ProfileView> Handle(SetMembership command, CancellationToken ct)
    {
        var profile = await session.LoadProfileForChange(store, scope, command.Id, ct);
        profile.Association = string.IsNullOrWhiteSpace(command.Role) ? null : new Membership(command.Role.Trim(), command.Since!.Value, command.Until);
        session.Store(profile);
        await session.SaveChangesAsync(ct);
        return ProfileView.Of(profile);
    }
}

internal sealed record MembershipBody(string? Role, DateOnly? Since, DateOnly? Until);

internal static class MembershipEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) => routes
        .MapPut("/profiles/{id:guid}/association", async (Guid id, MembershipBody body, IMediator mediator, CancellationToken ct) =>
            Results.Ok(await mediator.Send(new SetMembership(id, body.Role, body.Since, body.Until), ct)))
        .RequirePermission(NetizenRegistryPermissions.Manage)
        .WithSummary("Record the personality's role in the self-media association (no role: not a member)")
        .Produces<ProfileView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
