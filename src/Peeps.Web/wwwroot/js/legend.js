// The key to the graph: what each edge style and each node highlight means.

import { h, svg } from "./dom.js";
import { EDGE_KINDS } from "./edge-kinds.js";

function edgeSample(kind) {
  return svg("svg", { width: 34, height: 10, "aria-hidden": "true" },
    svg("line", { x1: 1, y1: 5, x2: 33, y2: 5, style: `stroke: ${kind.color}; stroke-width: 2.2; ${kind.dash ? `stroke-dasharray: ${kind.dash};` : ""}` }));
}

export function renderLegend(container) {
  container.replaceChildren(
    ...EDGE_KINDS.map((kind) => h("span", { class: "legend-item", dataset: { edgeKind: kind.kind } }, edgeSample(kind), " ", kind.label)),
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: "background: var(--warn-bg); border: 2px solid var(--warn)" }), "near full (≥ 80 %)"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: "background: var(--full-bg); border: 2px solid var(--full)" }), "at capacity / error"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: "background: #f3f4f6; border: 2px dashed var(--closed)" }), "closed / cancelled"),
  );
}
