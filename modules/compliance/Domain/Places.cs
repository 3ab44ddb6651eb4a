namespace NetInfoSuite.Modules.Compliance.Domain;

internal static class Places
{
    /// <summary>The unit, when it exists, is active and lies in the caller's subtree; else a 400 on the field.</summary>
    public static async Task<OrgPlace> UsableAsync(this ICallerScope scope, Guid unit, string field, CancellationToken ct) =>
        await scope.PlaceOfAsync(unit, ct) is { } place && place.Unit.Active && await scope.CoversAsync(place.Path, ct) ? place
            : throw new RuleViolationException(field, "所选单位不存在、已停用或不在本单位范围内", "The unit does not exist, is inactive or is outside your part of the tree");
}
