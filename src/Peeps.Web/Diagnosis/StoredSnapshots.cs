using System.Text;
using Peeps.Diagnosis.Model;
using Peeps.Diagnosis.Reading;
using Peeps.Storage.Reading;

namespace Peeps.Web.Diagnosis;

/// <summary>Reads snapshot documents the server stored when it answered them, for diagnosis and diffs.</summary>
public sealed class StoredSnapshots(ISqlQueryExecutor sql)
{
    /// <returns>The document, or null when no snapshot has that id (unknown, not yet written, or pruned by retention).</returns>
    public async Task<SnapshotDocument?> ReadAsync(long snapshotId, CancellationToken cancellation)
    {
        var result = await sql.ExecuteOwnAsync($"SELECT result_json FROM snapshots WHERE snapshot_id = {snapshotId}", cancellation);
        return result.Rows is [[string json]] ? Parse(Encoding.UTF8.GetBytes(json), snapshotId) : null;
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
