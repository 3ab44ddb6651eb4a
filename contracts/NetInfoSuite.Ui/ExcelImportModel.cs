using NetInfoSuite.Contracts.Errors;

namespace NetInfoSuite.Ui;

/// <summary>What a check of an uploaded workbook found: its data rows and the rows' errors.</summary>
public sealed record ImportPreview(int Rows, IReadOnlyList<Violation> Errors);

/// <summary>Keeps an upload between "check" and "confirm" (in the database, so any host instance can finish
/// the import). Only the user who uploaded can take it back, once; the host drops what is left after an hour.</summary>
public interface IUploadStash
{
    Task<Guid> PutAsync(string fileName, byte[] content, CancellationToken cancellationToken);
    Task<byte[]?> TakeAsync(Guid id, CancellationToken cancellationToken);
}
