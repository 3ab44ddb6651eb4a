using Marten;
using MediatR;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;

namespace NetInfoSuite.Host.Users;

internal sealed class GetPeopleNamesHandler(IQuerySession session) : IRequestHandler<GetPeopleNames, IReadOnlyDictionary<string, string>>
{
    public async Task<IReadOnlyDictionary<string, string>> Handle(GetPeopleNames request, CancellationToken ct)
    {
        var logins = request.Logins.Distinct().Take(1000).ToArray();
        if (logins.Length == 0) return new Dictionary<string, string>();
        var users = await session.Query<PlatformUser>().Where(u => u.Login.IsOneOf(logins)).Select(u => new { u.Login, u.Name }).ToListAsync(ct);
        return users.ToDictionary(u => u.Login, u => u.Name);
    }
}
