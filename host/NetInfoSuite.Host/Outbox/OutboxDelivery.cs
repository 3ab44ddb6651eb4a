using System.Reflection;
using System.Text.Json;
using Autofac;
using Autofac.Core;
using MediatR;
using Npgsql;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Storage;

namespace NetInfoSuite.Host.Outbox;

/// <summary>A stored message as the relay claimed it.</summary>
internal sealed record OutboxMessage(Guid Id, string Kind, string Type, string Body, int Attempts);

/// <summary>How a delivery went: every handler done, one or more failed (why), or nobody here can take it yet.</summary>
internal sealed record DeliveryOutcome(string? Error, bool Postponed = false)
{
    public static readonly DeliveryOutcome Done = new((string?)null);
}

/// <summary>Delivers one message in the running generation: each handler in a scope of its own (as the system caller),
/// skipping those the inbox says have run, so a retry reaches only the handlers that failed.</summary>
internal sealed class OutboxDelivery(ILifetimeScope root, ModuleCatalog catalog, TenantDatabases databases, ILogger<OutboxDelivery> log)
{
    private readonly Dictionary<string, Type> _types = MessageTypes(catalog);

    /// <summary>The message types this generation knows (contracts, host, loaded plugins): a message of a type from a
    /// plugin not loaded now waits, and goes out once a generation with that plugin runs.</summary>
    public IReadOnlyCollection<string> KnownTypes => _types.Keys;

    public async Task<DeliveryOutcome> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var type = _types[message.Type];
        var body = JsonSerializer.Deserialize(message.Body, type, Outbox.Json)!;
        var handlers = message.Kind == Outbox.PublishKind ? NotificationHandlers(type) : RequestHandler(type);
        if (handlers is null)
            return new DeliveryOutcome($"no handler for {type.Name} is loaded", Postponed: true);

        var errors = new List<string>();
        foreach (var handler in handlers)
        {
            if (await HandledAsync(message.Id, handler, ct)) continue;
            try
            {
                await using var scope = root.BeginLifetimeScope();
                using var entry = InboxEntry.Begin(message.Id, handler);
                if (message.Kind == Outbox.PublishKind) await PublishToAsync(scope, type, handler, body, ct);
                else await SendAsync(scope, body, ct);
                // Handlers that commit nothing through Marten (or only raw SQL) are recorded after they return.
                if (!entry.Recorded) await RecordHandledAsync(message.Id, handler, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var error = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                log.LogWarning(error, "Outbox message {MessageId} ({Type}): handler {Handler} failed (attempt {Attempt})",
                    message.Id, type.Name, handler, message.Attempts + 1);
                errors.Add($"{handler}: {error.Message}");
            }
        }
        return errors.Count == 0 ? DeliveryOutcome.Done : new DeliveryOutcome(string.Join("\n", errors));
    }

    /// <summary>Handlers are named by their type's full name: the same across generations and plugin versions.</summary>
    private List<string> NotificationHandlers(Type type)
    {
        using var scope = root.BeginLifetimeScope();
        return HandlersOf(scope, type).Select(h => h.GetType().FullName!).Distinct().ToList();
    }

    private static IEnumerable<object> HandlersOf(ILifetimeScope scope, Type notification) =>
        (IEnumerable<object>)scope.Resolve(typeof(IEnumerable<>).MakeGenericType(typeof(INotificationHandler<>).MakeGenericType(notification)));

    private List<string>? RequestHandler(Type type)
    {
        var response = type.GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)).GetGenericArguments()[0];
        var service = new TypedService(typeof(IRequestHandler<,>).MakeGenericType(type, response));
        return root.ComponentRegistry.TryGetRegistration(service, out var registration)
            ? [registration.Activator.LimitType.FullName!] : null;
    }

    private static async Task PublishToAsync(ILifetimeScope scope, Type type, string handler, object notification, CancellationToken ct)
    {
        var instance = HandlersOf(scope, type).First(h => h.GetType().FullName == handler);
        var handle = typeof(INotificationHandler<>).MakeGenericType(type).GetMethod(nameof(INotificationHandler<INotification>.Handle))!;
        await (Task)handle.Invoke(instance, [notification, ct])!;
    }

    private static readonly MethodInfo SendGeneric = typeof(OutboxDelivery).GetMethod(nameof(SendTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Through the mediator, so the request passes the whole pipeline (validation, permission, audit).</summary>
    private static Task SendAsync(ILifetimeScope scope, object request, CancellationToken ct)
    {
        var response = request.GetType().GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)).GetGenericArguments()[0];
        return (Task)SendGeneric.MakeGenericMethod(response).Invoke(null, [scope.Resolve<IMediator>(), request, ct])!;
    }

    private static Task SendTyped<TResponse>(IMediator mediator, object request, CancellationToken ct) =>
        mediator.Send((IRequest<TResponse>)request, ct);

    /// <summary>A handler's commit may have gone to any database its session used.</summary>
    private async Task<bool> HandledAsync(Guid messageId, string handler, CancellationToken ct)
    {
        foreach (var store in databases.Extra.Prepend(databases.Main))
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand($"select exists (select 1 from {OutboxTables.Handled} where message_id = $1 and handler = $2)", connection)
                { Parameters = { new() { Value = messageId }, new() { Value = handler } } };
            if (await cmd.ExecuteScalarAsync(ct) is true) return true;
        }
        return false;
    }

    private async Task RecordHandledAsync(Guid messageId, string handler, CancellationToken ct)
    {
        await using var connection = databases.Main.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"insert into {OutboxTables.Handled} (message_id, handler) values ($1, $2) on conflict do nothing", connection)
            { Parameters = { new() { Value = messageId }, new() { Value = handler } } };
        await cmd.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static Dictionary<string, Type> MessageTypes(ModuleCatalog catalog)
    {
        var assemblies = catalog.Loaded.Select(m => m.Assembly!)
            .Append(typeof(Contracts.ContractsInfo).Assembly).Append(typeof(OutboxDelivery).Assembly).Distinct();
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        foreach (var type in LoadableTypes(assembly))
            if (type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false, FullName: { } name } &&
                (typeof(INotification).IsAssignableFrom(type) ||
                 type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))))
                types.TryAdd(name, type);
        return types;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException ex) { return ex.Types.OfType<Type>(); }
    }
}
