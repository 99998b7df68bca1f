using System.Diagnostics;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Store;

/// <summary>
/// A group of commands being formed for one commit, with when each command joined it and when the whole group was
/// handed to the writer thread: what the per-stage latency of the write path is measured from. It is the list the
/// writer takes, so timing costs one timestamp per command and no copy.
/// </summary>
internal sealed class TimedGroup : List<WriteCommand>
{
    private readonly List<long> _joinedAt = [];

    public TimedGroup(WriteCommand first) => Join(first);

    /// <summary>Stopwatch timestamp at which the command at the same index joined the group.</summary>
    public IReadOnlyList<long> JoinedAt => _joinedAt;

    /// <summary>Stopwatch timestamp at which the group left grouping for the writer thread; 0 until then.</summary>
    public long HandedAt { get; private set; }

    public TimedGroup Join(WriteCommand command)
    {
        Add(command);
        _joinedAt.Add(Stopwatch.GetTimestamp());
        return this;
    }

    public void Handed() => HandedAt = Stopwatch.GetTimestamp();
}
