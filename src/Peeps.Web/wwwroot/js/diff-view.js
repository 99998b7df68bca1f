// The diff tab: two stored snapshots compared (GET /api/snapshots/{a}/diff/{b}). What is still blocked in both is
// stuck; a wait that ended between them was slow at worst. Then the waits that began, the deadlocks that resolved,
// persist or are new, and the entities that appeared, went or changed state. The diff names wait edges by ids only,
// so both snapshots are read too, to name each end.

import { api } from "./api.js";
import { keyOf } from "./diagnosis-model.js";
import { byId, h } from "./dom.js";
import { formatDuration } from "./format.js";
import { buildGraph, nodeKey } from "./graph-model.js";
import { snapshotIdOf, snapshotTitle } from "./history-panel.js";

function listOf(value) {
  return Array.isArray(value) ? value : [];
}

function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

function option(entry) {
  return h("option", { value: String(snapshotIdOf(entry)) }, snapshotTitle(entry));
}

function processText(name, pid) {
  return ` · ${name} (pid ${pid})`;
}

// An entity as the diff names it (a NodeView): name, kind and process, with its id on hover.
function entityCell(view) {
  return h("span", { class: "diff-entity", title: view.entity_id, dataset: { key: keyOf(view) } },
    h("strong", {}, view.name || view.entity_id), ` ${view.kind}`,
    h("span", { class: "muted" }, processText(view.process_name, view.pid)));
}

// One end of a wait edge, named from the snapshot it belongs to; an end that snapshot lacks shows its ids.
function edgeEnd(graph, connId, entityId) {
  const key = nodeKey(connId, entityId);
  const node = graph.nodes.get(key);
  if (!node) return h("span", { class: "diff-entity", dataset: { key } }, h("code", {}, entityId), h("span", { class: "muted" }, ` · process ${connId}`));
  return h("span", { class: "diff-entity", title: entityId, dataset: { key } },
    h("strong", {}, node.entity.name ?? entityId), ` ${node.kind}`,
    h("span", { class: "muted" }, processText(node.process.name, node.process.pid)));
}

function waitKind(edge) {
  return edge.inferred ? `${edge.kind} (inferred)` : edge.kind;
}

function table(columns, rows) {
  return h("table", { class: "diff-table" },
    h("thead", {}, h("tr", {}, columns.map((column) => h("th", { scope: "col" }, column)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell))))));
}

function section(name, title, explanation, count, body) {
  return h("section", { class: "diff-section", dataset: { section: name } },
    h("h3", {}, title, " ", h("span", { class: "count" }, String(count))),
    explanation ? h("p", { class: "muted small" }, explanation) : null,
    count === 0 ? h("p", { class: "muted small none" }, "none") : body);
}

function waitRows(edges, graph) {
  return edges.map((edge) => [
    edgeEnd(graph, edge.from_conn_id, edge.from_entity_id),
    edgeEnd(graph, edge.to_conn_id, edge.to_entity_id),
    waitKind(edge),
    formatDuration(edge.wait_ms),
  ]);
}

function entityList(views, state) {
  return h("ul", { class: "diff-entities" }, views.map((view) => h("li", {}, entityCell(view), h("span", { class: "muted small" }, ` ${state(view)}`))));
}

function renderDiff(container, diff, before, after) {
  const summary = diff.summary ?? {};
  const interval = formatDuration(diff.interval_ms);
  const still = listOf(diff.still_blocked);
  const deadlocks = listOf(diff.deadlocks);
  const processes = [
    ...listOf(diff.processes_added).map((p) => `${p.process_name} (pid ${p.pid}) connected`),
    ...listOf(diff.processes_removed).map((p) => `${p.process_name} (pid ${p.pid}) is gone`),
  ];
  const parts = [
    h("p", { class: "diff-summary" },
      `#${diff.from_snapshot_id} → #${diff.to_snapshot_id}, ${interval} apart: `,
      h("strong", {}, `${summary.still_blocked ?? still.length} still blocked`),
      `, ${plural(summary.wait_edges_removed ?? 0, "wait")} ended, ${summary.wait_edges_added ?? 0} began; `,
      `${plural(summary.entities_added ?? 0, "entity", "entities")} appeared, ${summary.entities_removed ?? 0} went, ${summary.entities_changed ?? 0} changed; `,
      `deadlocks ${summary.deadlocks_before ?? 0} → ${summary.deadlocks_after ?? 0}`),
    diff.truncated ? h("p", { class: "muted small" }, "some lists are cut to the server's bound (Peeps:Diagnosis); the counts above are whole") : null,
    processes.length > 0 ? h("p", { class: "diff-processes" }, processes.join(" · ")) : null,
    section("still-blocked", "Still blocked — stuck",
      `These waits are in both snapshots, ${interval} apart: nothing moved them.`,
      summary.still_blocked ?? still.length,
      table(["waiter", "waits on", "wait", "waiting then → now"], still.map((s) => [
        entityCell(s.waiter),
        entityCell(s.waits_on),
        s.kind,
        `${formatDuration(s.wait_ms_before)} → ${formatDuration(s.wait_ms_after)}`,
      ]))),
    section("waits-ended", "Waits that ended — slow, not stuck",
      "Waiting in the first snapshot, not in the second: the wait was satisfied (or its waiter went).",
      summary.wait_edges_removed ?? 0,
      table(["waiter", "waited on", "wait", "had waited"], waitRows(listOf(diff.wait_edges_removed), before))),
    section("waits-began", "Waits that began", null, summary.wait_edges_added ?? 0,
      table(["waiter", "waits on", "wait", "waiting"], waitRows(listOf(diff.wait_edges_added), after))),
    section("deadlocks", "Deadlocks", null, deadlocks.length,
      h("ul", { class: "diff-deadlocks" }, deadlocks.map((d) => h("li", { dataset: { change: d.change } },
        h("span", { class: `tag ${d.change}` }, d.change),
        ` ${d.change === "new" ? `#${d.id_after}` : `#${d.id_before}${d.change === "persisting" ? ` → #${d.id_after}` : ""}`}: `,
        listOf(d.members).map((m) => m.name || m.entity_id).join(", "))))),
    section("appeared", "Appeared", null, summary.entities_added ?? 0,
      entityList(listOf(diff.entities_added), (view) => view.state)),
    section("gone", "Gone", null, summary.entities_removed ?? 0,
      entityList(listOf(diff.entities_removed), (view) => view.state)),
    section("changed", "Changed", null, summary.entities_changed ?? 0,
      entityList(listOf(diff.entities_changed).map((c) => ({ ...c.entity, before: c.state_before })), (view) => `${view.before} → ${view.state}`)),
  ];
  container.replaceChildren(...parts.filter(Boolean));
}

export class DiffView {
  constructor() {
    this.form = byId("diff-form");
    this.from = byId("diff-from");
    this.to = byId("diff-to");
    this.status = byId("diff-status");
    this.result = byId("diff-result");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.compare();
    });
  }

  // The history's entries, newest first. By default the two newest are compared, older first; a choice still
  // listed is kept.
  setSnapshots(entries) {
    const ids = entries.map((entry) => String(snapshotIdOf(entry)));
    const keep = (select, fallback) => (ids.includes(select.value) ? select.value : fallback ?? "");
    const from = keep(this.from, ids[1] ?? ids[0]);
    const to = keep(this.to, ids[0]);
    this.from.replaceChildren(...entries.map(option));
    this.to.replaceChildren(...entries.map(option));
    this.from.value = from;
    this.to.value = to;
  }

  async compare() {
    const fromId = this.from.value;
    const toId = this.to.value;
    this.status.classList.remove("error");
    if (!fromId || !toId || fromId === toId) {
      this.status.textContent = "pick two different snapshots";
      return;
    }
    this.status.textContent = `comparing #${fromId} → #${toId}…`;
    try {
      const [diff, before, after] = await Promise.all([api.diff(fromId, toId), api.storedSnapshot(fromId), api.storedSnapshot(toId)]);
      this.status.textContent = "";
      renderDiff(this.result, diff, buildGraph(before), buildGraph(after));
    } catch (error) {
      this.status.classList.add("error");
      this.status.textContent = `cannot compare #${fromId} → #${toId}: ${error.message}`;
    }
  }
}
