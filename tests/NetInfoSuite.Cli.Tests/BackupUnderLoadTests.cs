using NetInfoSuite.Cli.Database;
using NetInfoSuite.Cli.Seed;
using Xunit;

namespace NetInfoSuite.Cli.Tests;

/// <summary>backup while the host writes, on the seeded city (same fixture as the seed's tests).</summary>
public sealed partial class SeedTests
{
    [Fact]
    public async Task A_backup_taken_while_the_host_keeps_writing_restores_to_exactly_the_moment_of_the_backup()
    {
        var cityAdmin = await CityAdminAsync();
        var cityId = await CityIdAsync();
        var file = Path.Combine(Path.GetTempPath(), $"netinfo-busy-{Guid.NewGuid():N}.dump");
        using var stop = new CancellationTokenSource();
        var written = 0;
        // Training sessions recorded one after another through the API, with their audit records, all through the backup.
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await cityAdmin.PostAsync("/api/account-matrix/training", new
                {
                    date = Seeder.BeijingToday(), topic = $"备份期间的培训 {written}", trainer = "市委网信办",
                    attendees = new[] { new { name = "王伟", unitId = cityId } },
                });
                Interlocked.Increment(ref written);
            }
        });
        try
        {
            while (Volatile.Read(ref written) < 3) await Task.Delay(20);
            var manifest = await BackupRestore.BackupAsync(city.Host.ConnectionString, file);
            var atBackup = Volatile.Read(ref written);
            while (Volatile.Read(ref written) < atBackup + 3) await Task.Delay(20);
            await stop.CancelAsync();
            await writer;

            var restored = await city.Postgres.CreateDatabaseAsync();
            Assert.All(await BackupRestore.RestoreAsync(restored, file), c => Assert.True(c.Equal, $"{c.Schema}.{c.Table}: {c.InBackup} → {c.Restored}, same content {c.SameContent}"));
            // The host went on writing after the backup: the live table has more than the backup's moment held.
            var live = (await BackupRestore.CountAsync(city.Host.ConnectionString)).Single(t => t.Table == "mt_doc_trainingsession");
            Assert.True(live.Rows > manifest.Tables.Single(t => t.Table == "mt_doc_trainingsession").Rows);
        }
        finally
        {
            await stop.CancelAsync();
            File.Delete(file);
            File.Delete(BackupRestore.ManifestPath(file));
        }
    }
}
