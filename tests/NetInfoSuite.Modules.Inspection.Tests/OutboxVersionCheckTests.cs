using System.Net.Http.Json;
using Autofac;
using Marten;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Contracts.Messaging;
using NetInfoSuite.Contracts.Modularity;
using NetInfoSuite.Contracts.Notifications;
using NetInfoSuite.Contracts.Security;
using Xunit;
using static NetInfoSuite.Modules.Inspection.Tests.InspectionWorld;

namespace NetInfoSuite.Modules.Inspection.Tests;

/// <summary>Why the old overdue reminders told each finding once per racing run (ADR 0042): a message queued through the outbox
/// before a versioned document's store made Marten read the outbox's wake-up row as the store's result, so a stale write
/// passed its version check and its session committed, messages and all. Two sessions of the platform's kind, as two
/// racing commands hold them: the second stores the tour it read before the first changed it.</summary>
public sealed class OutboxVersionCheckTests(RacingRemindersWorld world) : IClassFixture<RacingRemindersWorld>
{
    [Fact]
    public async Task A_stale_tour_stored_after_an_outbox_message_is_refused_and_its_message_is_not_sent()
    {
        var inspector = await FreshAsync(world.Inspector);
        var id = await TourSteps.CreateAsync(inspector, "版本检查巡察", world.CountyA);
        var store = world.Host.Services.GetRequiredService<IDocumentStore>();
        var tourType = store.Options.AllKnownDocumentTypes().Select(m => m.DocumentType).Single(t => t.FullName == "NetInfoSuite.Modules.Inspection.Domain.Tour");
        IDocumentSession Open() => store.LightweightSession(new SessionOptions { TenantId = Tenants.City, Tracking = DocumentTracking.None });
        await using var first = Open();
        await using var second = Open();
        var (mine, theirs) = (await StaleCopies.LoadAsync(first, tourType, id), await StaleCopies.LoadAsync(second, tourType, id));

        StaleCopies.Rename(mine, "先保存的名称");
        StaleCopies.StoreOne(first, tourType, mine);
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);

        await using var scope = world.Host.Services.GetRequiredService<ILifetimeScope>().BeginLifetimeScope();
        var kind = "race-probe-" + Guid.NewGuid().ToString("N")[..8];
        scope.Resolve<IOutbox>().Send(second, new Notify(NotificationRecipients.Users([world.Inspector.Login]), new LocalizedText("探测", "Probe"),
            new LocalizedText("探测", "Probe"), null, kind));
        StaleCopies.Rename(theirs, "后保存的旧副本");
        StaleCopies.StoreOne(second, tourType, theirs);
        var refused = await Record.ExceptionAsync(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.True(StaleCopies.IsConcurrency(refused), $"the stale store committed ({refused?.GetType().Name ?? "no exception"})");
        Assert.Equal("先保存的名称", (await Ok(inspector.GetAsync($"/api/inspection/tours/{id}"))).GetProperty("name").GetString());
        Assert.Empty(await Race.TextsAsync(world.Host.ConnectionString, "select id::text from platform.outbox where body->>'kind' = $1", kind));
    }

}

/// <summary>A unit moved while a command holds one of its records: the platform rewrites the record's path (raw SQL, every
/// module's tables), and the command then stores the copy it read before. That copy must be refused, not put the old path
/// back (the record would sit in the old place, out of its unit's reach).</summary>
public sealed class UnitMoveVersionTests(RacingRemindersWorld world) : IClassFixture<RacingRemindersWorld>
{
    [Fact]
    public async Task A_tour_read_before_its_unit_moved_and_stored_after_is_refused_and_keeps_the_new_path()
    {
        var street = await world.UserAsync(world.StreetA1, "Inspector");
        var id = await TourSteps.CreateAsync(await FreshAsync(street), "街道巡察", world.StreetA1);
        var store = world.Host.Services.GetRequiredService<IDocumentStore>();
        var tourType = store.Options.AllKnownDocumentTypes().Select(m => m.DocumentType).Single(t => t.FullName == "NetInfoSuite.Modules.Inspection.Domain.Tour");
        await using var held = store.LightweightSession(new SessionOptions { TenantId = Tenants.City, Tracking = DocumentTracking.None });
        var stale = await StaleCopies.LoadAsync(held, tourType, id);

        await Ok(world.Host.Client.PutAsJsonAsync($"/api/directory/units/{world.StreetA1}/parent", new { parentId = world.CountyB }));
        await world.Host.OutboxDeliveredAsync();
        var moved = $"/{world.City:N}/{world.CountyB:N}/{world.StreetA1:N}/";
        Assert.Equal([moved], await Race.TextsAsync(world.Host.ConnectionString, "select data->>'unitPath' from inspection.mt_doc_tour where id = $1", id));

        StaleCopies.Rename(stale, "移动前读取的副本");
        StaleCopies.StoreOne(held, tourType, stale);
        var refused = await Record.ExceptionAsync(() => held.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.True(StaleCopies.IsConcurrency(refused), $"the copy read before the move was stored ({refused?.GetType().Name ?? "no exception"})");
        Assert.Equal([moved], await Race.TextsAsync(world.Host.ConnectionString, "select data->>'unitPath' from inspection.mt_doc_tour where id = $1", id));
    }
}

/// <summary>Copies of a module's documents held by a session of the platform's kind. The types live in the plugin, loaded
/// from disk: reached by reflection.</summary>
internal static class StaleCopies
{
    public static bool IsConcurrency(Exception? e) => e switch
    {
        null => false,
        JasperFx.ConcurrencyException => true,
        AggregateException a => a.InnerExceptions.Any(IsConcurrency),
        _ => IsConcurrency(e.InnerException),
    };

    public static async Task<object> LoadAsync(IDocumentSession session, Type type, Guid id)
    {
        var load = typeof(IQuerySession).GetMethods().Single(m => m.Name == nameof(IQuerySession.LoadManyAsync) && m.GetParameters() is [{ ParameterType: var c }, { ParameterType: var ids }]
            && c == typeof(CancellationToken) && ids == typeof(Guid[])).MakeGenericMethod(type);
        var task = (Task)load.Invoke(session, [CancellationToken.None, new[] { id }])!;
        await task;
        return ((System.Collections.IEnumerable)task.GetType().GetProperty("Result")!.GetValue(task)!).Cast<object>().Single();
    }

    public static void Rename(object tour, string name) => tour.GetType().GetProperty("Name")!.SetValue(tour, name);

    public static void StoreOne(IDocumentSession session, Type type, object document)
    {
        var documents = Array.CreateInstance(type, 1);
        documents.SetValue(document, 0);
        typeof(IDocumentOperations).GetMethods().Single(m => m.Name == nameof(IDocumentOperations.Store) && m.IsGenericMethodDefinition
            && m.GetParameters() is [{ ParameterType.IsArray: true }]).MakeGenericMethod(type).Invoke(session, [documents]);
    }
}
