using NetInfoSuite.Contracts.Notifications;

namespace NetInfoSuite.Modules.GridDispatch.Handover;

/// <summary>Tasks of a directive were released to their groups' operators (all of them at issue, or one street's when
/// it forwards): each operator is told once per directive. Published through the outbox with the change that releases
/// them; the rows exist only after that commit, so the notices are made from them afterwards.</summary>
internal sealed record TasksReleased(Guid DirectiveId, string Title, Guid? Street) : INotification;

/// <summary>A relayed directive reached units that must 签收 it (the level below the issuer at issue, or a county's
/// streets when it forwards): each unit's relayers are told.</summary>
internal sealed record RelayReceived(Guid DirectiveId, string Title, Guid? Parent) : INotification;

internal sealed class TellOperators(IDocumentSession session, IOutbox outbox) : INotificationHandler<TasksReleased>
{
    public async Task Handle(TasksReleased released, CancellationToken ct)
    {
        await using var connection = await TaskRows.OpenAsync(session.DocumentStore, ct);
        await using var cmd = new NpgsqlCommand($"""
            select o.login, count(*)::int, min(t.id::text) from {DispatchTables.Tasks} t, unnest(t.operators) as o(login)
            where t.directive_id = $1 and t.released_at is not null and t.status = 0 and ($2::uuid is null or t.street_id = $2)
            group by o.login
            """, connection) { Parameters = { new() { Value = released.DirectiveId }, new() { Value = (object?)released.Street ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid } } };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (login, tasks, first) = (reader.GetString(0), reader.GetInt32(1), reader.GetString(2));
            outbox.Send(session, new Notify(NotificationRecipients.Users([login]) with { Permission = GridDispatchPermissions.Operate },
                new("新的传播任务", "A new task"),
                new($"“{released.Title}”：请转发到您的 {tasks} 个网格群并反馈。", $"“{released.Title}”: forward it to your {tasks} group(s) and report."),
                tasks == 1 ? $"/grid-dispatch/tasks/{first}" : "/grid-dispatch/tasks", "grid-dispatch.task"));
        }
        await session.SaveChangesAsync(ct);
    }
}

internal sealed class TellRelayers(IDocumentSession session, IOutbox outbox) : INotificationHandler<RelayReceived>
{
    public async Task Handle(RelayReceived received, CancellationToken ct)
    {
        // At issue (no parent) only the level just below the issuer: delivered late, after a county has signed, the
        // issue's notice would otherwise reach that county's streets too, which the county's forward tells as well.
        short? level = received.Parent is null && await session.LoadAsync<Directive>(received.DirectiveId, ct) is { } directive
            ? (short)(FanOut.Tier(directive) + 1) : null;
        await using var connection = await TaskRows.OpenAsync(session.DocumentStore, ct);
        await using var cmd = new NpgsqlCommand($"""
            select unit_id from {DispatchTables.Relays}
            where directive_id = $1 and received_at is not null and signed_at is null and ($2::uuid is null or parent_id = $2)
              and ($3::smallint is null or level = $3)
            """, connection)
        {
            Parameters =
            {
                new() { Value = received.DirectiveId }, new() { Value = (object?)received.Parent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = (object?)level ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint },
            },
        };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            outbox.Send(session, new Notify(NotificationRecipients.Unit(new OrgUnitId(reader.GetGuid(0))) with { Permission = GridDispatchPermissions.Relay },
                new("指令待签收", "A directive to sign for"),
                new($"“{received.Title}”已到达，请签收并转发。", $"“{received.Title}” has arrived: sign for it and forward it."),
                $"/grid-dispatch/directives/{received.DirectiveId}", "grid-dispatch.relay"));
        await session.SaveChangesAsync(ct);
    }
}
