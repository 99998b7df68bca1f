// The snapshot tab: one snapshot at a time drawn as a graph, with filter, focus, inspector, the list of
// processes that timed out, and a summary line; and, for a snapshot the server stored, its diagnosis: deadlocks
// drawn over the graph, the Problems panel, and "why is this waiting?" for the selected node.

import { api } from "./api.js";
import { readChain, readDiagnosis } from "./diagnosis-model.js";
import { byId, h } from "./dom.js";
import { formatClock } from "./format.js";
import { buildGraph, neighbourhood } from "./graph-model.js";
import { layoutGraph } from "./graph-layout.js";
import { GraphView } from "./graph-view.js";
import { matchingKeys } from "./graph-filter.js";
import { renderInspector } from "./inspector.js";
import { ProblemsPanel } from "./problems-panel.js";
import { showTab } from "./tabs.js";
import { renderTimedOut } from "./timed-out-panel.js";
import { renderChain } from "./wait-chain-view.js";

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
    // The stored snapshot on screen: its id (null when the server gave none), whether the server can read it back
    // yet, and what its diagnosis found.
    this.snapshotId = null;
    this.stored = false;
    this.diagnosis = null;
    // The last "why is this waiting?": { key, keys, chain } once answered, { key, keys, status, failed } before.
    this.chain = null;
    // Bumped by every show(): answers that arrive for an earlier snapshot are dropped.
    this.generation = 0;
    this.problems = new ProblemsPanel((keys) => this.pick(keys));
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

  // `context`: { label, waitedMs, notes[] } describing where this snapshot came from, its `snapshotId` (null when the
  // server gave it none), and `whenStored`, a promise of whether the server can read it back (its row is written
  // just after the snapshot is answered; the diagnosis reads that row).
  show(snapshot, context) {
    this.graph = buildGraph(snapshot);
    this.selected = null;
    this.focused = false;
    this.generation += 1;
    this.snapshotId = context.snapshotId ?? null;
    // A graph rebuilt from history has no snapshot id: it is diagnosed by its instant instead.
    this.atNs = context.atNs ?? null;
    this.stored = false;
    this.diagnosis = null;
    this.chain = null;
    this.empty.hidden = true;

    const kinds = [...new Set([...this.graph.nodes.values()].map((n) => n.kind))].sort();
    fillSelect(this.filterKind, kinds.map((k) => [k, k]), this.filterKind.value);
    fillSelect(this.filterProcess, this.graph.processes.map((p) => [String(p.processId), `${p.name} (pid ${p.pid})`]), this.filterProcess.value);

    renderTimedOut(this.timedOut, this.graph.missing, snapshot.timeout_ms ?? context.waitedMs);
    const notes = [...(context.notes ?? [])];
    if (this.graph.danglingEdges > 0) notes.push(`${this.graph.danglingEdges} edge(s) point at entities not in the snapshot`);
    if (this.graph.callerLinks > 0) notes.push(`${this.graph.callerLinks} rpc link(s) from callers in other processes`);
    this.meta.replaceChildren(
      `${context.label} · captured ${formatClock(this.graph.capturedAtUnixMs)} · ${this.graph.processes.length} process(es), `,
      h("span", { id: "entity-total" }, `${this.graph.nodes.size} entities`),
      `, ${this.graph.edges.length} edges`,
      ...notes.map((note) => ` · ${note}`));
    this.renderInspector();
    // Drawn last: the banners and the inspector change the stage's size, and the graph is fitted to it.
    this.view.render(this.graph, layoutGraph(this.graph));
    this.applyFilter();
    this.diagnose(context.whenStored);
  }

  // What the Problems panel calls the graph on screen.
  subject() {
    return this.atNs !== null ? `the graph at ${formatClock(this.atNs / 1e6)}` : `snapshot #${this.snapshotId}`;
  }

  diagnosisOf() {
    return this.atNs !== null ? api.graphDiagnosis(this.atNs) : api.diagnosis(this.snapshotId);
  }

  async diagnose(whenStored) {
    const { generation, snapshotId, atNs } = this;
    if (snapshotId === null && atNs === null) {
      this.problems.clear();
      return;
    }
    const subject = this.subject();
    this.problems.loading(subject);
    try {
      const stored = await whenStored;
      if (generation !== this.generation) return;
      if (!stored) throw new Error("the server has not stored it");
      this.stored = true;
      this.renderInspector();
      const diagnosis = readDiagnosis(await this.diagnosisOf());
      if (generation !== this.generation) return;
      this.diagnosis = diagnosis;
      this.problems.show(subject, diagnosis);
      this.view.setWaitPaths("deadlock", diagnosis.deadlocks.map((deadlock) => ({
        variant: deadlock.confidence === "certain" ? "certain" : "candidate",
        keys: deadlock.keys,
        edges: deadlock.edges,
      })));
    } catch (error) {
      if (generation === this.generation) this.problems.failed(subject, error.message);
    }
  }

  // Marks the entities of a problem in the graph and fits the view to them; a problem about one entity selects it.
  // The Problems panel stays in the sidebar on every tab, so a pick brings the graph to the front.
  pick(keys) {
    if (!this.graph) return;
    showTab("graph");
    if (this.focused) this.setFocused(false);
    this.view.pick(keys);
    if (keys.size === 1) this.select([...keys][0]);
  }

  pickDeadlock(id) {
    const deadlock = this.diagnosis?.deadlocks.find((d) => d.id === id);
    if (!deadlock) return;
    this.problems.markDeadlock(id);
    this.pick(deadlock.keys);
  }

  async why() {
    const { generation, selected: key } = this;
    const node = this.graph?.nodes.get(key);
    if (!node || (this.snapshotId === null && this.atNs === null)) return;
    this.chain = { key, keys: new Set([key]), status: "following the wait chain…", failed: false };
    this.renderInspector();
    try {
      const chain = readChain(this.atNs !== null
        ? await api.graphWaitChain(this.atNs, node.process.processId, node.entity.id)
        : await api.waitChain(this.snapshotId, node.process.processId, node.entity.id));
      if (generation !== this.generation) return;
      this.chain = { key, keys: chain.keys, chain };
      this.view.setWaitPaths("chain", [{ keys: chain.keys, edges: chain.edges }]);
      // A node inside a deadlock waits on the whole cycle: that is what to show. A chain is framed whole.
      if (Number.isFinite(chain.tree?.deadlock_id)) this.pickDeadlock(chain.tree.deadlock_id);
      else if (chain.edges.length > 0) this.view.fit(chain.keys);
    } catch (error) {
      if (generation !== this.generation) return;
      this.chain = { key, keys: new Set([key]), status: `cannot follow the chain: ${error.message}`, failed: true };
    }
    this.renderInspector();
    this.view.reveal(this.selected);
  }

  // The answer to the last "why is this waiting?", for any node on that chain.
  whySection() {
    const chain = this.chain;
    if (!chain || !chain.keys.has(this.selected)) return null;
    if (!chain.chain) return h("p", { class: `chain-status${chain.failed ? " error" : ""}`, role: "status" }, chain.status);
    return renderChain(chain.chain, {
      selectedKey: this.selected,
      onSelect: (key) => this.select(key),
      onDeadlock: (id) => this.pickDeadlock(id),
    });
  }

  // Clicking the background or closing the inspector clears every mark: the picked problem and the followed chain.
  clearMarks() {
    this.chain = null;
    this.view.pick(null);
    this.view.setWaitPaths("chain", []);
    this.problems.markCurrent(null);
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
    if (!key) this.clearMarks();
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
      onWhy: this.stored ? () => this.why() : null,
      why: this.whySection(),
    });
  }
}
