using FluentValidation;
using MediatR;
using Npgsql;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Contracts.Kernel;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Host.Storage;

namespace NetInfoSuite.Host.Outbox;

public enum OutboxState { Dead, Pending }

public sealed record OutboxMessageView(Guid Id, string Kind, string Type, DateTimeOffset CreatedAt, int Attempts,
    DateTimeOffset NextAttemptAt, DateTimeOffset? DeadAt, string? LastError, string Body)
{
    public const string Columns = "id, kind, type, created_at, attempts, next_attempt_at, dead_at, last_error, body::text";

    internal static OutboxMessageView Read(NpgsqlDataReader r) => new(r.GetGuid(0), r.GetString(1), r.GetString(2),
        r.GetFieldValue<DateTimeOffset>(3), r.GetInt32(4), r.GetFieldValue<DateTimeOffset>(5),
        r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8));
}

/// <summary>The operators' view of messages between modules: those given up after every retry (dead letters), or
/// those still waiting (retrying, or of a type no loaded plugin knows yet), oldest first.</summary>
[RequiresPermission(PermissionRegistry.ManageOutbox)]
public sealed record ListOutboxMessages(OutboxState State, int Page = 1, int PageSize = 50) : IRequest<Page<OutboxMessageView>>;

internal sealed class ListOutboxMessagesValidator : AbstractValidator<ListOutboxMessages>
{
    public ListOutboxMessagesValidator()
    {
        RuleFor(x => x.State).IsInEnum();
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 500);
    }
}

internal sealed class ListOutboxMessagesHandler(TenantDatabases databases) : IRequestHandler<ListOutboxMessages, Page<OutboxMessageView>>
{
    public async Task<Page<OutboxMessageView>> Handle(ListOutboxMessages query, CancellationToken ct)
    {
        var where = query.State == OutboxState.Dead ? "dead_at is not null" : "delivered_at is null and dead_at is null";
        var items = new List<OutboxMessageView>();
        long total = 0;
        // Usually one database; with tenant databases, each holds the messages its sessions raised.
        foreach (var store in databases.Extra.Prepend(databases.Main))
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            await using (var count = new NpgsqlCommand($"select count(*) from {OutboxTables.Messages} where {where}", connection))
                total += (long)(await count.ExecuteScalarAsync(ct))!;
            await using var cmd = new NpgsqlCommand($"""
                select {OutboxMessageView.Columns} from {OutboxTables.Messages}
                where {where} order by created_at, id limit $1
                """, connection) { Parameters = { new() { Value = query.Page * query.PageSize } } };
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) items.Add(OutboxMessageView.Read(r));
        }
        var page = items.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return new Page<OutboxMessageView>(page, query.Page, query.PageSize, total);
    }
}

/// <summary>An operator puts a dead letter back in line (after fixing what made it fail): its attempts start again,
/// and handlers that had already run stay done.</summary>
[RequiresPermission(PermissionRegistry.ManageOutbox)]
public sealed record RetryOutboxMessage(Guid Id) : ICommand<OutboxMessageView>;

internal sealed class RetryOutboxMessageHandler(TenantDatabases databases) : IRequestHandler<RetryOutboxMessage, OutboxMessageView>
{
    public async Task<OutboxMessageView> Handle(RetryOutboxMessage command, CancellationToken ct)
    {
        foreach (var store in databases.Extra.Prepend(databases.Main))
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand($"""
                with retried as (
                    update {OutboxTables.Messages} set dead_at = null, attempts = 0, next_attempt_at = now()
                    where id = $1 and dead_at is not null
                    returning {OutboxMessageView.Columns})
                select *, pg_notify('{OutboxTables.Channel}', '') from retried
                """, connection) { Parameters = { new() { Value = command.Id } } };
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct)) return OutboxMessageView.Read(r);
        }
        throw new NotFoundException("dead letter", command.Id.ToString());
    }
}

internal static class OutboxEndpoints
{
    public static void MapOutbox(this WebApplication app)
    {
        var outbox = app.MapGroup("/api/outbox").WithTags("outbox").RequirePermission(PermissionRegistry.ManageOutbox);
        outbox.MapGet("/", async (OutboxState? state, int? page, int? pageSize, IMediator m, CancellationToken ct) =>
                Results.Ok(await m.Send(new ListOutboxMessages(state ?? OutboxState.Dead, page ?? 1, pageSize ?? 50), ct)))
            .WithSummary("Messages between modules given up after every retry (state=Dead, the default) or still waiting (state=Pending); 50 a page, at most 500")
            .Produces<Page<OutboxMessageView>>();
        outbox.MapPost("/{id:guid}/retry", async (Guid id, IMediator m, CancellationToken ct) => Results.Ok(await m.Send(new RetryOutboxMessage(id), ct)))
            .WithSummary("Put a dead letter back in line: it is delivered again to the handlers that have not run")
            .Produces<OutboxMessageView>();
    }
}
