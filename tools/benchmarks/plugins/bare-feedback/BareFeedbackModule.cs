using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NetInfoSuite.Contracts.Modularity;
using Npgsql;

namespace NetInfoSuite.BenchPlugins.BareFeedback;

/// <summary>The feedback benchmark's baseline: an endpoint that stores the same report in the same row with the
/// same statement, and nothing else — no sign-in, no mediator, no validation, no audit. Benchmarks only.</summary>
public sealed class BareFeedbackModule : IModule
{
    public ModuleManifest Manifest { get; } = new("bare-feedback", new("基准对照", "Benchmark baseline"), "0.1.0", "test", ["grid-dispatch"]);

    public sealed record Body(string ClientKey, int Reached);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/tasks/{id:guid}/feedback", async (Guid id, Body body, IDocumentStore store, CancellationToken ct) =>
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var update = new NpgsqlCommand("""
                update grid_dispatch.tasks t set status = 1, done_at = $3, reported_at = $3, late = $3 > t.deadline, reached = $2,
                    client_key = $4, reported_by = 'bare'
                where t.id = $1 and t.status = 0 and t.released_at is not null
                returning t.id, t.status, t.late
                """, connection)
            {
                Parameters = { new() { Value = id }, new() { Value = body.Reached }, new() { Value = DateTimeOffset.UtcNow }, new() { Value = body.ClientKey } },
            };
            await update.PrepareAsync(ct); // as the full pipeline's report does
            await using var reader = await update.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? Results.Ok(new { id, status = reader.GetInt16(1), late = reader.GetBoolean(2) }) : Results.NotFound();
        }).AllowAnonymous();
}
