using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Peeps.Ingest.Cuts;

namespace Peeps.Web.Cluster;

/// <summary>
/// Coordinator answers that cross between nodes and hold immutable collections, which the default serializer does
/// not rebuild (a <see cref="CutStatus"/> answer was dropped on the receiving node). System.Text.Json writes and reads
/// them as they are; only the types listed here are accepted back.
/// </summary>
public sealed class RecordSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public static readonly Type[] Types = [typeof(CutStatus)];

    private static readonly Dictionary<string, Type> ByManifest = Types.ToDictionary(t => t.Name);

    public override int Identifier => 7302;

    public override string Manifest(object o) => o.GetType().Name;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType());

    public override object FromBinary(byte[] bytes, string manifest) =>
        ByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type)!
            : throw new SerializationException($"RecordSerializer does not read '{manifest}'");
}
