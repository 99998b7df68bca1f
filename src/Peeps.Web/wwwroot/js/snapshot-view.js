// The snapshot tab: one snapshot at a time drawn as a graph, with filter, focus, inspector, the list of
// processes that timed out, and a summary line.

import { byId, h } from "./dom.js";
import { formatClock } from "./format.js";
import { buildGraph, neighbourhood } from "./graph-model.js";
import { layoutGraph } from "./graph-layout.js";
import { GraphView } from "./graph-view.js";
import { matchingKeys } from "./graph-filter.js";
import { renderInspector } from "./inspector.js";
import { renderTimedOut } from "./timed-out-panel.js";

function fillSelect(select, options, keepValue) {
  const first = select.options[0];
  select.replaceChildren(first, ...options.map(([value, label]) => h("option", { value }, label)));
  select.value = options.some(([value]) => value === keepValue) ? keepValue : "";
}

export class SnapshotView {
  constructor() {
    this.graph = null;
    this.selected = null;
    this.focused = false;
    this.stage = byId("graph-stage");
    this.empty = byId("graph-empty");
    this.inspector = byId("inspector");
    this.meta = byId("snapshot-meta");
    this.timedOut = byId("timed-out");
    this.filterText = byId("filter-text");
    this.filterKind = byId("filter-kind");
    this.filterProcess = byId("filter-process");
    this.filterCount = byId("filter-count");
    this.focusToggle = byId("focus-toggle");
    this.view = new GraphView(this.stage, (key) => this.select(key));

    for (const control of [this.filterText, this.filterKind, this.filterProcess]) control.addEventListener("input", () => this.applyFilter());
    this.focusToggle.addEventListener("click", () => this.toggleFocus());
    byId("fit-view").addEventListener("click", () => this.view.fit(this.focused ? neighbourhood(this.graph, this.selected) : null));
  }

  // `context`: { label, waitedMs, notes[] } describing where this snapshot came from.
  show(snapshot, context) {
    this.graph = buildGraph(snapshot);
    this.selected = null;
    this.focused = false;
    this.empty.hidden = true;

    const kinds = [...new Set([...this.graph.nodes.values()].map((n) => n.kind))].sort();
    fillSelect(this.filterKind, kinds.map((k) => [k, k]), this.filterKind.value);
    fillSelect(this.filterProcess, this.graph.processes.map((p) => [String(p.processId), `${p.name} (pid ${p.pid})`]), this.filterProcess.value);

    renderTimedOut(this.timedOut, this.graph.missing, snapshot.timeout_ms ?? context.waitedMs);
    const notes = [...(context.notes ?? [])];
    if (this.graph.danglingEdges > 0) notes.push(`${this.graph.danglingEdges} edge(s) point at entities not in the snapshot`);
    this.meta.replaceChildren(
      `${context.label} · captured ${formatClock(this.graph.capturedAtUnixMs)} · ${this.graph.processes.length} process(es), `,
      h("span", { id: "entity-total" }, `${this.graph.nodes.size} entities`),
      `, ${this.graph.edges.length} edges`,
      ...notes.map((note) => ` · ${note}`));
    this.renderInspector();
    // Drawn last: the banners and the inspector change the stage's size, and the graph is fitted to it.
    this.view.render(this.graph, layoutGraph(this.graph));
    this.applyFilter();
  }

  applyFilter() {
    if (!this.graph) return;
    const matches = matchingKeys(this.graph, {
      text: this.filterText.value,
      kind: this.filterKind.value,
      processId: this.filterProcess.value,
    });
    this.view.dim(matches);
    this.filterCount.textContent = matches ? `${matches.size} of ${this.graph.nodes.size} match` : "";
  }

  select(key) {
    if (!this.graph) return;
    this.selected = key;
    if (!key && this.focused) this.setFocused(false);
    this.view.select(key);
    this.focusToggle.disabled = key === null;
    if (this.focused && key) this.view.focus(neighbourhood(this.graph, key));
    this.renderInspector();
    // After the inspector is drawn: opening it narrows the stage, and a jump along an edge may land off screen.
    this.view.reveal(key);
  }

  toggleFocus() {
    if (this.selected) this.setFocused(!this.focused);
  }

  setFocused(on) {
    this.focused = on;
    this.focusToggle.setAttribute("aria-pressed", on ? "true" : "false");
    this.view.focus(on && this.selected ? neighbourhood(this.graph, this.selected) : null);
    this.renderInspector();
  }

  renderInspector() {
    renderInspector(this.inspector, this.graph, this.selected, {
      onSelect: (key) => this.select(key),
      onFocus: () => this.toggleFocus(),
      focused: this.focused,
    });
  }
}
