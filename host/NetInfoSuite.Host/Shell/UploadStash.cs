using Marten;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Ui;

namespace NetInfoSuite.Host.Shell;

/// <summary>An upload waiting for its "confirm import".</summary>
public sealed class PendingUpload
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string FileName { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class UploadStash(IDocumentStore store, ICaller caller, TimeProvider clock) : IUploadStash
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    public async Task<Guid> PutAsync(string fileName, byte[] content, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var upload = new PendingUpload
        {
            Id = Guid.CreateVersion7(), UserId = caller.UserId ?? Guid.Empty, FileName = fileName, Content = content,
            ExpiresAt = clock.GetUtcNow() + KeepFor,
        };
        session.Insert(upload);
        await session.SaveChangesAsync(ct);
        return upload.Id;
    }

    public async Task<byte[]?> TakeAsync(Guid id, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var upload = await session.LoadAsync<PendingUpload>(id, ct);
        if (upload is null || upload.UserId != (caller.UserId ?? Guid.Empty) || upload.ExpiresAt < clock.GetUtcNow()) return null;
        session.Delete(upload);
        await session.SaveChangesAsync(ct);
        return upload.Content;
    }
}
