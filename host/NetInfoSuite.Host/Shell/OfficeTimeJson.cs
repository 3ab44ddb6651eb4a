using System.Text.Json;
using System.Text.Json.Serialization;
using NetInfoSuite.Contracts.Kernel;

namespace NetInfoSuite.Host.Shell;

/// <summary>A time sent in a request body without an offset ("2026-12-01T09:30") means office time, not the
/// server's (System.Text.Json's default). Times with an offset or Z are taken as they are; answers stay as stored.</summary>
internal sealed class OfficeTimeJson(IOfficeClock clock) : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TryGetDateTime(out var time) && time.Kind == DateTimeKind.Unspecified ? clock.FromOffice(time) : reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
