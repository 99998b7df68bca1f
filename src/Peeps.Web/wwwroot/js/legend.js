// The key to the graph: what each edge style, each wait path of the diagnosis and each node highlight means.

import { h, svg } from "./dom.js";
import { EDGE_KINDS } from "./edge-kinds.js";

function edgeSample(kind) {
  return svg("svg", { width: 34, height: 10, "aria-hidden": "true" },
    svg("line", { x1: 1, y1: 5, x2: 33, y2: 5, style: `stroke: ${kind.color}; stroke-width: 2.2; ${kind.dash ? `stroke-dasharray: ${kind.dash};` : ""}` }));
}

// The wait paths the diagnosis draws over the graph (wait-paths.js), styled by the same classes.
const WAIT_PATHS = [
  { kind: "deadlock", variant: "certain", label: "deadlock (certain)" },
  { kind: "deadlock", variant: "candidate", label: "deadlock (candidate: can be woken from outside)" },
  { kind: "chain", variant: null, label: "wait chain (why is this waiting?)" },
];

function waitPathSample({ kind, variant }) {
  return svg("svg", { width: 34, height: 12, "aria-hidden": "true" },
    svg("g", { class: ["wait-path", kind, variant].filter(Boolean).join(" ") },
      svg("line", { class: "halo", x1: 5, y1: 6, x2: 29, y2: 6 }),
      svg("line", { class: "line", x1: 5, y1: 6, x2: 29, y2: 6 })));
}

export function renderLegend(container) {
  container.replaceChildren(
    ...EDGE_KINDS.map((kind) => h("span", { class: "legend-item", dataset: { edgeKind: kind.kind } }, edgeSample(kind), " ", kind.label)),
    ...WAIT_PATHS.map((path) => h("span", { class: "legend-item", dataset: { waitPath: [path.kind, path.variant].filter(Boolean).join("-") } },
      waitPathSample(path), " ", path.label)),
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: "background: var(--warn-bg); border: 2px solid var(--warn)" }), "near full (≥ 80 %)"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: "background: var(--full-bg); border: 2px solid var(--full)" }), "at capacity / error"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: "background: #f3f4f6; border: 2px dashed var(--closed)" }), "closed / cancelled"),
  );
}
