using Peeps.Storage.Writing;

namespace Peeps.Storage.Retention;

/// <summary>
/// One bounded step of retention, applied by the single writer inside one of its group transactions: it deletes
/// at most <see cref="ChunkRows"/> rows from each table of the plan. The writer reports what it did in
/// <see cref="CommitReport.Retention"/>.
/// </summary>
/// <param name="AgeCutoffNs">History older than this may go; null when the age policy is off.</param>
/// <param name="MaxUsedBytes">While the file's pages in use exceed this, the oldest history goes whatever its age; null when off.</param>
/// <param name="ClosedBeforeNs">Connections closed before this lose their rows; null when off.</param>
/// <param name="HoldFromNs">
/// History at or after this stays whatever the age policy says, and so do connections closed after it (a cut in
/// progress). The size policy does not honour it: the disk bound comes first.
/// </param>
public sealed record RetentionChunk(long? AgeCutoffNs, long? MaxUsedBytes, long? ClosedBeforeNs, long? HoldFromNs, int ChunkRows) : WriteCommand;
