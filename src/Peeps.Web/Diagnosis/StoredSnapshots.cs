using System.Text;
using Peeps.Diagnosis.Model;
using Peeps.Diagnosis.Reading;
using Peeps.Storage.Reading;

namespace Peeps.Web.Diagnosis;

/// <summary>Reads snapshot documents the server stored when it answered them, for diagnosis and diffs.</summary>
public sealed class StoredSnapshots(ISqlQueryExecutor sql)
{
    /// <returns>The document, or null when no snapshot has that id (unknown, not yet written, or pruned by retention).</returns>
    public async Task<SnapshotDocument?> ReadAsync(long snapshotId, CancellationToken cancellation) =>
        await ReadJsonAsync(snapshotId, cancellation) is { } json ? Parse(json, snapshotId) : null;

    /// <returns>The document's bytes as they were answered, or null when no snapshot has that id.</returns>
    public async Task<byte[]?> ReadJsonAsync(long snapshotId, CancellationToken cancellation)
    {
        var result = await sql.ExecuteOwnAsync($"SELECT result_json FROM snapshots WHERE snapshot_id = {snapshotId}", cancellation);
        return result.Rows is [[string json]] ? Encoding.UTF8.GetBytes(json) : null;
    }

    /// <summary>
    /// Waits until a snapshot just answered is readable: its row reaches SQLite through the store's queue a moment
    /// after the answer, and a caller that goes on to read it by id must not find it missing.
    /// </summary>
    public async Task<bool> WaitUntilStoredAsync(long snapshotId, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await sql.ExecuteOwnAsync($"SELECT 1 FROM snapshots WHERE snapshot_id = {snapshotId}", cancellation);
            if (result.RowCount > 0) return true;
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(StorePoll, cancellation);
        }
    }

    private static readonly TimeSpan StorePoll = TimeSpan.FromMilliseconds(20);

    /// <returns>The newest stored snapshot's id, or null when there is none.</returns>
    public async Task<long?> LatestIdAsync(CancellationToken cancellation)
    {
        var result = await sql.ExecuteOwnAsync("SELECT max(snapshot_id) FROM snapshots", cancellation);
        return result.Rows is [[long id]] ? id : null;
    }

    /// <summary>The stored snapshot taken just before <paramref name="snapshotId"/>, which lets a lint see a state that lasted across both.</summary>
    public async Task<SnapshotDocument?> ReadPreviousAsync(long snapshotId, CancellationToken cancellation)
    {
        var result = await sql.ExecuteOwnAsync(
            $"SELECT snapshot_id, result_json FROM snapshots WHERE snapshot_id < {snapshotId} ORDER BY snapshot_id DESC LIMIT 1", cancellation);
        return result.Rows is [[long id, string json]] ? Parse(Encoding.UTF8.GetBytes(json), id) : null;
    }

    /// <summary>Documents written before snapshot ids were part of them still get the id they are stored under.</summary>
    public static SnapshotDocument Parse(ReadOnlySpan<byte> json, long snapshotId)
    {
        var document = SnapshotDocumentReader.Read(json);
        return document.SnapshotId is null ? document with { SnapshotId = snapshotId } : document;
    }
}
