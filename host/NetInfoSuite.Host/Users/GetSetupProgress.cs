using Marten;
using MediatR;
using NetInfoSuite.Contracts.Directory;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Users;

/// <summary>How far a new installation is set up. The built-in administrator belongs to no unit and can run no
/// module, so its home page walks it through what is missing: the city (or the whole tree), then a city administrator.</summary>
[RequiresPermission(PermissionRegistry.ManageUsers)]
public sealed record GetSetupProgress : IRequest<SetupProgress>;

public sealed record SetupProgress(bool DirectoryDeployed, bool HasUnits, bool HasCityAdmin)
{
    public bool Done => HasUnits && HasCityAdmin;
}

internal sealed class GetSetupProgressHandler(IQuerySession session, IMediator mediator) : IRequestHandler<GetSetupProgress, SetupProgress>
{
    public async Task<SetupProgress> Handle(GetSetupProgress request, CancellationToken ct)
    {
        var hasCityAdmin = await session.Query<PlatformUser>().AnyAsync(u => u.Enabled && u.Roles.Contains(Role.CityAdmin), ct);
        try
        {
            var units = await mediator.Send(new FindOrgUnits(null, 1), ct);
            return new SetupProgress(true, units.Count > 0, hasCityAdmin);
        }
        catch (ModuleUnavailableException)
        {
            return new SetupProgress(false, false, hasCityAdmin);
        }
    }
}
