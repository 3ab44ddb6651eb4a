using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetInfoSuite.Contracts.Kernel;

/// <summary>An org unit of the directory tree, referred to by every module. In JSON: a plain GUID string.</summary>
[JsonConverter(typeof(OrgUnitIdJsonConverter))]
public readonly record struct OrgUnitId(Guid Value)
{
    public override string ToString() => Value.ToString();
}

public sealed class OrgUnitIdJsonConverter : JsonConverter<OrgUnitId>
{
    public override OrgUnitId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetGuid());

    public override void Write(Utf8JsonWriter writer, OrgUnitId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

/// <summary>A tenant: a county-level office or the city office.</summary>
public readonly record struct TenantId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>A closed date range, e.g. a ranking period.</summary>
public sealed record Period(DateOnly From, DateOnly To);

/// <summary>One page of a longer list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total);
