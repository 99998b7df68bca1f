// The details of one selected entity: where it lives, when it was born, its body, meta and edges, and (for a stored
// snapshot) the way to ask why it is waiting, with the answer right under the actions.

import { h } from "./dom.js";
import { flattenBody } from "./entity-state.js";
import { formatClock, formatDuration, formatValue } from "./format.js";
import { incidentEdges } from "./graph-model.js";

function definitionList(rows) {
  return h("dl", {}, rows.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

function edgeList(graph, key, onSelect) {
  const edges = incidentEdges(graph, key);
  if (edges.length === 0) return h("p", { class: "muted small" }, "no edges");
  return h("ul", { class: "incident-edges" }, edges.map((edge) => {
    const outgoing = edge.src === key;
    const other = graph.nodes.get(outgoing ? edge.dst : edge.src);
    return h("li", {},
      outgoing ? `→ ${edge.kind} ` : `← ${edge.kind} from `,
      h("button", { type: "button", onclick: () => onSelect(other.key) }, other.entity.name ?? other.entity.id),
      edge.meta !== null && edge.meta !== undefined ? h("span", { class: "muted small" }, ` ${formatValue(edge.meta)}`) : null);
  }));
}

// `onWhy` is null when the snapshot cannot be asked (the server did not store it); `why` is what the last question
// answered for this node (the chain, or a line saying it is being followed or failed), or null.
export function renderInspector(container, graph, key, { onSelect, onFocus, focused, onWhy, why }) {
  const node = key ? graph.nodes.get(key) : null;
  if (!node) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  const { entity, process } = node;
  const wallClock = Number.isFinite(graph.capturedAtUnixMs) && Number.isFinite(process.ptimeNowMs)
    ? formatClock(graph.capturedAtUnixMs - process.ptimeNowMs + entity.birth)
    : "?";
  container.hidden = false;
  container.replaceChildren(
    h("h3", {}, entity.name ?? entity.id),
    h("div", { class: "muted" }, node.kind, node.state ? ` · ${node.state}` : ""),
    h("div", { class: "actions" },
      h("button", { type: "button", "aria-pressed": focused ? "true" : "false", onclick: onFocus }, focused ? "Show all" : "Focus on neighbours"),
      onWhy ? h("button", { type: "button", class: "why-button", onclick: onWhy }, "Why is this waiting?") : null,
      h("button", { type: "button", onclick: () => onSelect(null) }, "Close")),
    why,
    definitionList([
      ["process", `${process.name} (pid ${process.pid}, process ${process.processId})`],
      ["id", h("code", {}, entity.id)],
      ["source", h("code", {}, entity.source ?? "?")],
      ["birth", `${entity.birth} ms after process start (~${wallClock})`],
      ["age", formatDuration(node.ageMs)],
    ]),
    h("h4", {}, "Body"),
    definitionList(flattenBody(entity.body).map(([field, value]) => [field, formatValue(value)])),
    h("h4", {}, "Meta"),
    h("pre", {}, JSON.stringify(entity.meta ?? null, null, 2)),
    h("h4", {}, "Edges"),
    edgeList(graph, key, onSelect),
  );
}
