using System.Buffers.Binary;
using Akka.Actor;
using Akka.Serialization;
using Peeps.Ingest.Snapshots;

namespace Peeps.Web.Cluster;

/// <summary>
/// A snapshot's answer crosses from the coordinator singleton to the node that took the HTTP request. Its JSON is
/// a <see cref="ReadOnlyMemory{T}"/>, which the default JSON serializer cannot carry: this writes the id and the bytes as they are.
/// </summary>
public sealed class SnapshotTakenSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public override int Identifier => 7301;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        var taken = (SnapshotTaken)obj;
        var bytes = new byte[8 + taken.Json.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, taken.SnapshotId);
        taken.Json.Span.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    public override object FromBinary(byte[] bytes, Type type) =>
        new SnapshotTaken(BinaryPrimitives.ReadInt64BigEndian(bytes), bytes.AsMemory(8));
}
