using System.Text.Json;
using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Reading;

/// <summary>One entity of one process as the process sent it, with every edge that touches it and the events about it.</summary>
public sealed record EntityDetail(ProcessRef Process, long PtimeNowMs, JsonElement Entity, IReadOnlyList<JsonElement> Edges, IReadOnlyList<JsonElement> Events);
