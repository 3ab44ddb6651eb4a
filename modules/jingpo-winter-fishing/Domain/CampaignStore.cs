namespace NetInfoSuite.Modules.JingpoWinterFishing.Domain;

internal static class CampaignStore
{
    public static async Task<Campaign> LoadCampaign(this IQuerySession session, Guid id, CancellationToken ct) =>
        await session.LoadAsync<Campaign>(id, ct) ?? throw new NotFoundException("campaign", id.ToString());
}
