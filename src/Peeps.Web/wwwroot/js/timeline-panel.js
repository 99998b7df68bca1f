// The timeline: the span of history the server holds (GET /api/graph/timeline), with its snapshots and cuts marked,
// and a slider over it. Letting go of the slider rebuilds the graph as it was at that instant (GET /api/graph?at=)
// and hands it to `onGraph`, which shows it and diagnoses it like any snapshot.

import { api } from "./api.js";
import { byId, h } from "./dom.js";
import { formatClock } from "./format.js";

// Slider steps: fine enough to land on any batch of a long run, coarse enough for arrow keys to move.
const STEPS = 10_000;

export class TimelinePanel {
  constructor(onGraph) {
    this.onGraph = onGraph;
    this.slider = byId("timeline-slider");
    this.marks = byId("timeline-marks");
    this.status = byId("timeline-status");
    this.instant = byId("timeline-instant");
    this.range = null;
    this.slider.max = String(STEPS);
    this.slider.addEventListener("input", () => { this.instant.textContent = formatClock(this.atNs() / 1e6); });
    this.slider.addEventListener("change", () => this.show(this.atNs()));
    byId("timeline-refresh").addEventListener("click", () => this.refresh());
  }

  // Nanoseconds at the slider's position. JavaScript numbers keep them to a fraction of a microsecond: plenty here.
  atNs() {
    if (!this.range) return null;
    const { from, to } = this.range;
    return Math.round(from + (to - from) * (Number(this.slider.value) / STEPS));
  }

  async refresh() {
    try {
      const timeline = await api.timeline();
      const from = timeline.oldest_batch_ns ?? timeline.connections[0]?.connected_at_ns ?? null;
      if (from === null) {
        this.range = null;
        this.slider.disabled = true;
        this.marks.replaceChildren();
        this.status.textContent = "no history stored yet";
        return;
      }
      this.range = { from, to: timeline.now_ns };
      this.slider.disabled = false;
      this.slider.value = String(STEPS);
      this.instant.textContent = formatClock(this.atNs() / 1e6);
      this.status.textContent = `history from ${formatClock(from / 1e6)}`;
      const mark = (kind, id, atNs) => {
        const share = (atNs - from) / Math.max(1, timeline.now_ns - from);
        if (share < 0 || share > 1) return null;
        return h("span", {
          class: `timeline-mark ${kind}`,
          dataset: { kind, id: String(id) },
          title: `${kind} ${id} · ${formatClock(atNs / 1e6)}`,
          style: `left: ${(share * 100).toFixed(2)}%`,
        });
      };
      this.marks.replaceChildren(...[
        ...timeline.snapshots.map((s) => mark("snapshot", s.id, s.at_ns)),
        ...timeline.cuts.map((c) => mark("cut", c.id, c.at_ns)),
      ].filter(Boolean));
    } catch (error) {
      this.status.textContent = `timeline unavailable: ${error.message}`;
    }
  }

  async show(atNs) {
    if (atNs === null) return;
    this.status.textContent = `rebuilding the graph at ${formatClock(atNs / 1e6)}…`;
    try {
      const graph = await api.graphAt(atNs);
      const notHeld = graph.processes_without_snapshot?.length ?? 0;
      this.status.textContent = notHeld > 0 ? `${notHeld} process(es) without history at that instant` : "";
      this.onGraph(graph, atNs);
    } catch (error) {
      this.status.textContent = `cannot rebuild the graph: ${error.message}`;
    }
  }
}
