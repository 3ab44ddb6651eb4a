using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>Every module loaded, as a deployment runs them (the public voting limit per address raised: every request
/// of the sweep comes from one address, and it must reach the handlers rather than the limiter's 429).</summary>
public sealed class WholeHost(PostgresServer postgres) : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Host = await TestHost.StartAsync(postgres, ["directory", "grid-dispatch", "account-matrix", "compliance", "netizen-registry", "inspection", "probe"],
            ("NetizenRegistry:Voting:PerAddressPerMinute", "1000000"));

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>Hostile input against every operation the running host publishes in its OpenAPI document (so a new
/// endpoint is covered without a new test): every POST/PUT/PATCH/DELETE gets generated bodies (wrong types, missing
/// and null fields, huge strings, deep nesting, control characters, extreme dates and numbers, rare CJK, emoji),
/// and every query and route parameter of every operation gets hostile values. Never a 5xx, never a stack trace.</summary>
public sealed class HostileInputTests(WholeHost fixture) : IClassFixture<WholeHost>
{
    private const int BodiesPerOperation = 12;

    private static readonly string[] HostileTexts =
    [
        "", " ", "\u0000", "a\u0000b", "\u001b[2J\u001b[31m", "x\r\n[12:00:00 INF] forged line", "𠮷𪚥", "😀👨‍👩‍👧", "\u202etxt.exe",
        "' or 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "{{7*7}}", "=cmd|' /C calc'!A0", "%00", new string('长', 100_000),
        "0001-01-01", "9999-12-31", "2026-02-30", "NaN", "-1", "99999999999999999999", Guid.Empty.ToString(),
    ];

    // Bodies that are not the shape asked for at all.
    private static readonly string[] WrongShapes =
        ["null", "[]", "\"x\"", "123", "{", "{\"a\":", string.Concat(Enumerable.Repeat("[", 5_000)), "{}", "{\"\\u0000\":1}"];

    internal static readonly Gen<JsonNode?> Hostile = Gen.OneOf<JsonNode?>(
        Gen.OneOf(HostileTexts).Select(t => (JsonNode?)JsonValue.Create(t)),
        Gen.OneOf<JsonNode?>(null, JsonValue.Create(int.MinValue), JsonValue.Create(long.MaxValue), JsonValue.Create(1e308),
            JsonValue.Create(-0.5), JsonValue.Create(true)),
        Gen.Const(0).Select(_ => (JsonNode?)new JsonObject { ["nested"] = new JsonArray(new JsonObject()) }),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)));

    private sealed record Operation(string Method, string Path, JsonObject Spec);

    private sealed class Tally
    {
        public int Requests;
        public readonly List<string> Failures = [];
    }

    [Fact]
    public async Task No_operation_answers_hostile_input_with_a_5xx_or_a_stack_trace()
    {
        var document = JsonNode.Parse(await fixture.Host.Client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var operations = Operations(document).ToList();
        Assert.Contains(operations, o => o.Path.StartsWith("/api/grid-dispatch", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.Path.StartsWith("/api/account-matrix", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.Path.StartsWith("/api/compliance", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.Path.StartsWith("/api/netizen-registry", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.Path.StartsWith("/api/inspection", StringComparison.Ordinal));
        var tally = new Tally();
        var perOperation = new Dictionary<string, int>();

        // Sign-in and password endpoints last: their failures lock logins and the test client's address.
        foreach (var op in operations.OrderBy(o => o.Path.StartsWith("/api/auth", StringComparison.Ordinal)))
        {
            var before = tally.Requests;
            foreach (var (name, location) in Parameters(op.Spec))
                foreach (var value in HostileTexts.Where(t => location == "query" || !t.Contains('\0')))
                    await Send(tally, op, location == "path" ? Url(op, (name, value)) : Url(op) + Query(name, value), null);
            if (op.Method is "POST" or "PUT" or "PATCH" or "DELETE")
            {
                var schema = BodySchema(document, op.Spec);
                foreach (var wrong in WrongShapes) await Send(tally, op, Url(op), wrong);
                await BodyGenerator(document, schema, 0).Select(b => b?.ToJsonString() ?? "null")
                    .SampleAsync(body => Send(tally, op, Url(op), body), iter: BodiesPerOperation, threads: 1);
            }
            perOperation[$"{op.Method} {op.Path}"] = tally.Requests - before;
        }

        SecurityFigures.Write($"hostile input: {operations.Count} operations ({operations.Count(o => o.Method != "GET")} writes), {tally.Requests} requests, " +
            $"{perOperation.Values.Min()}–{perOperation.Values.Max()} (mean {perOperation.Values.Average():0}) inputs per operation, {tally.Failures.Count} 5xx or leaks");
        Assert.True(tally.Failures.Count == 0, string.Join("\n", tally.Failures.Take(40)));
    }

    private async Task Send(Tally tally, Operation op, string url, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(op.Method), url);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await fixture.Host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        tally.Requests++;
        var leak = text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception:", StringComparison.Ordinal) ||
                   text.Contains("Npgsql", StringComparison.Ordinal);
        if ((int)response.StatusCode >= 500 || leak)
            tally.Failures.Add($"{(int)response.StatusCode} {op.Method} {Clip(url)} {Clip(body)} → {Clip(text)}");
    }

    private static string? Clip(string? s) => s is { Length: > 200 } ? s[..200] + "…" : s;

    private static IEnumerable<Operation> Operations(JsonObject document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, spec) in item!.AsObject())
            {
                var verb = method.ToUpperInvariant();
                if (verb is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE")) continue;
                // Ending the test client's own session would end the sweep, not test anything.
                if (path is "/api/auth/revoke" or "/api/auth/sign-out") continue;
                yield return new Operation(verb, path, spec!.AsObject());
            }
    }

    private static IEnumerable<(string Name, string Location)> Parameters(JsonObject spec) =>
        (spec["parameters"]?.AsArray() ?? []).Select(p => (p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>()))
        .Where(p => p.Item2 is "query" or "path");

    private static string Url(Operation op, (string Name, string Value)? hostile = null) =>
        System.Text.RegularExpressions.Regex.Replace(op.Path, @"\{(\w+)\}", m =>
            hostile is { } h && h.Name == m.Groups[1].Value ? Uri.EscapeDataString(h.Value) : PathValue(op, m.Groups[1].Value));

    private static string PathValue(Operation op, string name) =>
        (op.Spec["parameters"]?.AsArray() ?? []).FirstOrDefault(p => p!["name"]!.GetValue<string>() == name)?["schema"]?["format"]?.GetValue<string>() == "uuid"
            ? Guid.NewGuid().ToString() : "x";

    private static string Query(string name, string value) => "?" + Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);

    private static JsonNode? BodySchema(JsonObject document, JsonObject spec) =>
        spec["requestBody"]?["content"]?["application/json"]?["schema"];

    /// <summary>A body shaped like the schema, each member either well-formed, hostile, or left out.</summary>
    private static Gen<JsonNode?> BodyGenerator(JsonObject document, JsonNode? schema, int depth)
    {
        schema = Resolve(document, schema);
        if (schema is null || depth > 4) return Hostile;
        var type = TypeOf(schema);
        if (type == "object" && schema["properties"] is JsonObject properties)
        {
            // Each member: left out, null, or generated.
            var members = properties.Select(p => Gen.Int[0, 4].SelectMany(choice => choice switch
            {
                0 => Gen.Const((p.Key, Present: false, Value: (JsonNode?)null)),
                1 => Gen.Const((p.Key, Present: true, Value: (JsonNode?)null)),
                _ => BodyGenerator(document, p.Value, depth + 1).Select(v => (p.Key, Present: true, Value: v)),
            })).ToArray();
            return Sequence(members).Select(values =>
            {
                var body = new JsonObject();
                foreach (var m in values)
                    if (m.Present) body[m.Key] = m.Value?.DeepClone();
                return (JsonNode?)body;
            });
        }
        if (type == "array")
            return BodyGenerator(document, schema["items"], depth + 1).Array[0, 3]
                .Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray())).OrHostile();
        if (schema["enum"] is JsonArray values && values.Count > 0)
            return Gen.OneOf(values.Select(v => v?.DeepClone()).ToArray()).OrHostile();
        var format = schema["format"]?.GetValue<string>();
        return format switch
        {
            "uuid" => Gen.Guid.Select(g => (JsonNode?)JsonValue.Create(g.ToString())).OrHostile(),
            "date" => Gen.OneOf("2026-11-30", "0001-01-01", "9999-12-31", "2026-02-30").Select(d => (JsonNode?)JsonValue.Create(d)),
            "date-time" => Gen.OneOf("2026-11-30T08:00:00+08:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z")
                .Select(d => (JsonNode?)JsonValue.Create(d)),
            _ => type switch
            {
                "integer" or "number" => Gen.OneOf(0L, -1L, int.MaxValue, long.MinValue).Select(n => (JsonNode?)JsonValue.Create(n)).OrHostile(),
                "boolean" => Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)).OrHostile(),
                _ => Hostile,
            },
        };
    }

    private static Gen<T[]> Sequence<T>(Gen<T>[] gens) =>
        gens.Length == 0 ? Gen.Const(Array.Empty<T>())
            : Gen.Select(gens[0], Sequence(gens[1..]), (head, tail) => new[] { head }.Concat(tail).ToArray());

    private static JsonNode? Resolve(JsonObject document, JsonNode? schema)
    {
        for (var i = 0; i < 5 && schema?["$ref"] is JsonValue reference; i++)
            schema = document["components"]?["schemas"]?[reference.GetValue<string>().Split('/')[^1]];
        if (schema?["oneOf"] is JsonArray oneOf) return Resolve(document, oneOf.FirstOrDefault(s => TypeOf(s!) != "null"));
        if (schema?["anyOf"] is JsonArray anyOf) return Resolve(document, anyOf.FirstOrDefault(s => TypeOf(s!) != "null"));
        return schema;
    }

    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => a.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => schema["properties"] is not null ? "object" : null,
    };
}

internal static class HostileGen
{
    /// <summary>Mostly the well-formed value, sometimes a hostile one.</summary>
    public static Gen<JsonNode?> OrHostile(this Gen<JsonNode?> gen) => Gen.OneOf<JsonNode?>(gen, gen, HostileInputTests.Hostile);
}

/// <summary>The figures issue 14 asks for, appended to $TMPDIR/netinfo-security-figures.txt by the suites.</summary>
internal static class SecurityFigures
{
    public static void Write(string line)
    {
        TestContext.Current.SendDiagnosticMessage(line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "netinfo-security-figures.txt"), $"{DateTime.UtcNow:u} {line}\n");
    }
}
