namespace NetInfoSuite.Modules.Compliance.Domain;

internal static class Places
{
    /// <summary>The unit, when it exists, is active and lies in the caller's subtree; else a 400 on the field.</summary>
    public static async Task<OrgPlace> UsableAsync(this ICallerScope scope, Guid unit, string field, CancellationToken ct) =>
        await scope.PlaceOfAsync(unit, ct) is { } place && place.Unit.Active && await scope.CoversAsync(place.Path, ct) ? place
            : throw new RuleViolationException(field, "所选单位不存在、已停用或不在本单位范围内", "The unit does not exist, is inactive or is outside your part of the tree");

    /// <summary>The caller's office: its county (or the city, for the city's own units and departments), whose subtree reads
    /// what the office keeps; a 400 on <paramref name="field"/> for a caller bound to no unit.</summary>
    public static async Task<OrgPlace> OfficeOfCallerAsync(this ICallerScope scope, ICaller caller, string field, CancellationToken ct)
    {
        var own = caller.OrgUnit is { } unit ? await scope.PlaceOfAsync(unit.Value, ct) : null;
        if (own is null) throw new RuleViolationException(field, "只有所属单位的人员可以维护", "Only a member of a unit keeps these records");
        var office = own.RootFirst.LastOrDefault(u => u.Level is Contracts.Directory.OrgLevel.County or Contracts.Directory.OrgLevel.City) ?? own.RootFirst[0];
        return await scope.PlaceOfAsync(office.Id.Value, ct) ?? own;
    }
}
