// Draws a laid-out graph as SVG: one cluster per process, one node per entity, one path per edge, the
// diagnosis's wait paths (deadlocks, a followed chain) over them, and keeps selection, picked problems, filter
// dimming and focus as CSS classes so the DOM says what a person sees.

import { svg } from "./dom.js";
import { EDGE_KINDS, edgeClass } from "./edge-kinds.js";
import { badgeFor } from "./kind-badges.js";
import { formatDuration, truncate } from "./format.js";
import { NODE_HEIGHT, NODE_WIDTH, pathOf } from "./graph-layout.js";
import { PanZoom } from "./pan-zoom.js";
import { drawWaitPaths, routesByPair, waitMarkerId } from "./wait-paths.js";

// Kinds of wait path the diagnosis draws over the graph; their arrows are coloured by class in console.css.
const WAIT_PATH_KINDS = ["deadlock", "chain"];

function markerId(kind) {
  return `arrow-${kind}`;
}

function arrowMarker(id, attributes, size, pathAttributes) {
  return svg("marker", { id, ...attributes, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: size, markerHeight: size, orient: "auto-start-reverse" },
    svg("path", { d: "M0,0 L10,5 L0,10 z", ...pathAttributes }));
}

function markers() {
  const kinds = [...EDGE_KINDS.map((k) => ({ kind: k.kind, color: k.color })), { kind: "other", color: "#111827" }];
  return svg("defs", {},
    kinds.map(({ kind, color }) => arrowMarker(markerId(kind), {}, 7, { style: `fill: ${color}` })),
    // Wait paths are drawn about twice as thick: a smaller marker keeps their arrowheads about the same size.
    WAIT_PATH_KINDS.map((kind) => arrowMarker(waitMarkerId(kind), { class: `wait-marker ${kind}` }, 4, {})));
}

function fillBar(fill) {
  if (!fill || !Number.isFinite(fill.capacity) || fill.capacity <= 0) return null;
  const ratio = Math.min(1, fill.occupancy / fill.capacity);
  const width = NODE_WIDTH - 16;
  return svg("g", { class: "fill-bar", transform: `translate(8 ${NODE_HEIGHT - 7})` },
    svg("rect", { width, height: 3, fill: "#e5e7eb" }),
    svg("rect", { width: (width * ratio).toFixed(1), height: 3, fill: ratio >= 1 ? "#dc2626" : ratio >= 0.8 ? "#d97706" : "#15803d" }));
}

function drawNode(node, position) {
  const badge = badgeFor(node.kind);
  return svg("g", {
    class: `node kind-${node.kind} level-${node.level}`,
    transform: `translate(${position.x.toFixed(1)} ${position.y.toFixed(1)})`,
    dataset: { key: node.key, kind: node.kind, level: node.level, name: node.entity.name, processId: String(node.process.processId) },
  },
  svg("title", {}, `${node.entity.name}\n${node.kind}${node.state ? ` · ${node.state}` : ""}`),
  svg("rect", { class: "box", width: NODE_WIDTH, height: NODE_HEIGHT }),
  svg("g", { class: "badge", transform: "translate(8 8)" },
    svg("rect", { width: 34, height: 14, fill: badge.color }),
    svg("text", { x: 17, y: 10.5, "text-anchor": "middle" }, badge.text)),
  svg("text", { class: "name", x: 48, y: 19 }, truncate(node.entity.name ?? node.entity.id, 24)),
  svg("text", { class: "age", x: NODE_WIDTH - 8, y: 19, "text-anchor": "end" }, formatDuration(node.ageMs)),
  svg("text", { class: "state", x: 8, y: 40 }, truncate(node.state || node.kind, 38)),
  fillBar(node.fill));
}

function drawCluster(cluster) {
  const { group } = cluster;
  return svg("g", { class: "cluster", dataset: { processId: String(group.processId) } },
    svg("rect", { x: cluster.x, y: cluster.y, width: cluster.width, height: cluster.height }),
    svg("text", { x: cluster.x + 14, y: cluster.y + 24 },
      `${group.name} · pid ${group.pid} · ${group.nodeKeys.length} entities · up ${formatDuration(group.ptimeNowMs)}`));
}

export class GraphView {
  constructor(stage, onSelect) {
    this.stage = stage;
    this.onSelect = onSelect;
    this.svg = null;
    this.panZoom = null;
    this.layout = null;
    this.selected = null;
    // What the last fit framed: null for the whole graph, or a set of node keys.
    this.fitKeys = null;
    this.nodeElements = new Map();
    this.edgeElements = [];
    this.routes = new Map();
    // Per wait path kind: { group, drawn: [{ edge, element }] }.
    this.waitPaths = new Map();
    this.visible = null;
    this.focusKeys = null;
    // The stage narrows when the inspector opens and resizes with the window or the banners above it. A view
    // still as fitted is refitted, so no node ends up clipped or behind the inspector; once the user has panned
    // or zoomed, only the selected node is kept in view, so their pan and zoom survive.
    new ResizeObserver(() => this.reveal(this.selected)).observe(stage);
  }

  render(graph, layout) {
    this.svg?.remove();
    this.layout = layout;
    this.selected = null;
    this.nodeElements.clear();
    this.edgeElements = [];
    this.visible = null;
    this.focusKeys = null;
    this.routes = routesByPair(graph, layout);

    const clusterLayer = svg("g", { class: "clusters" }, layout.clusters.map(drawCluster));
    const edgeLayer = svg("g", { class: "edges" });
    const nodeLayer = svg("g", { class: "nodes" });
    for (const edge of graph.edges) {
      const points = layout.edges.get(edge.id);
      if (!points) continue;
      const cls = edgeClass(edge.kind);
      const element = svg("g", { class: `edge ${cls}`, dataset: { kind: edge.kind, src: edge.src, dst: edge.dst } },
        svg("path", { d: pathOf(points), "marker-end": `url(#${markerId(cls.slice("kind-".length))})` }));
      this.edgeElements.push({ edge, element });
      edgeLayer.append(element);
    }
    for (const [key, node] of graph.nodes) {
      const element = drawNode(node, layout.nodes.get(key));
      element.addEventListener("click", (event) => {
        event.stopPropagation();
        this.onSelect(key);
      });
      this.nodeElements.set(key, element);
      nodeLayer.append(element);
    }

    // Over the edges they follow, under the nodes, so a node stays clickable where a path ends on it. Chains are drawn
    // over deadlocks: a chain that enters a deadlock stays visible where it meets the cycle.
    this.waitPaths = new Map(WAIT_PATH_KINDS.map((kind) => [kind, { group: svg("g", { class: `wait-paths-${kind}` }), drawn: [] }]));
    const waitLayer = svg("g", { class: "wait-paths" }, [...this.waitPaths.values()].map(({ group }) => group));
    const viewport = svg("g", { class: "viewport" }, clusterLayer, edgeLayer, waitLayer, nodeLayer);
    this.svg = svg("svg", { role: "img", "aria-label": `graph of ${graph.nodes.size} entities`, dataset: { nodeCount: String(graph.nodes.size) } }, markers(), viewport);
    this.svg.addEventListener("click", () => this.onSelect(null));
    this.stage.append(this.svg);
    this.panZoom = new PanZoom(this.svg, viewport);
    this.fit();
  }

  fit(keys = null) {
    if (!this.panZoom || !this.layout) return;
    if (!keys) {
      this.fitKeys = null;
      this.panZoom.fit({ x: 0, y: 0, width: this.layout.width, height: this.layout.height });
      return;
    }
    const points = [...keys].map((key) => this.layout.nodes.get(key)).filter(Boolean);
    if (points.length === 0) return;
    this.fitKeys = keys;
    const minX = Math.min(...points.map((p) => p.x));
    const minY = Math.min(...points.map((p) => p.y));
    const maxX = Math.max(...points.map((p) => p.x + NODE_WIDTH));
    const maxY = Math.max(...points.map((p) => p.y + NODE_HEIGHT));
    this.panZoom.fit({ x: minX, y: minY, width: maxX - minX, height: maxY - minY }, 48);
  }

  select(key) {
    this.selected = key;
    for (const [nodeKey, element] of this.nodeElements) element.classList.toggle("selected", nodeKey === key);
    for (const { edge, element } of this.edgeElements) element.classList.toggle("incident", key !== null && (edge.src === key || edge.dst === key));
  }

  // Refits a view the user has not moved since its fit; then pans the node with `key` into the stage if any of
  // it is still outside.
  reveal(key) {
    if (this.panZoom?.fitted) this.fit(this.fitKeys);
    const position = key === null ? undefined : this.layout?.nodes.get(key);
    if (!this.panZoom || !position) return;
    this.panZoom.reveal({ x: position.x, y: position.y, width: NODE_WIDTH, height: NODE_HEIGHT });
  }

  // Every drawn edge: the graph's own and the wait paths over it.
  *allEdgeElements() {
    yield* this.edgeElements;
    for (const { drawn } of this.waitPaths.values()) yield* drawn;
  }

  // `visible` is the set of keys matching the filter, or null when nothing is filtered.
  dim(visible) {
    this.visible = visible;
    for (const [key, element] of this.nodeElements) element.classList.toggle("dimmed", visible !== null && !visible.has(key));
    for (const { edge, element } of this.allEdgeElements()) {
      element.classList.toggle("dimmed", visible !== null && !(visible.has(edge.src) && visible.has(edge.dst)));
    }
  }

  // `keys` is the focused neighbourhood, or null to show everything.
  focus(keys) {
    this.focusKeys = keys;
    for (const [key, element] of this.nodeElements) element.classList.toggle("out-of-focus", keys !== null && !keys.has(key));
    for (const { edge, element } of this.allEdgeElements()) {
      element.classList.toggle("out-of-focus", keys !== null && !(keys.has(edge.src) && keys.has(edge.dst)));
    }
    this.fit(keys);
  }

  // Draws the wait paths of one kind ("deadlock" or "chain"), replacing that kind's earlier ones; `paths` is a list
  // of { variant, keys, edges } (see wait-paths.js). Nodes on them get the class `on-{kind}`.
  setWaitPaths(kind, paths) {
    const layer = this.waitPaths.get(kind);
    if (!layer) return;
    layer.drawn = paths.flatMap((path) => drawWaitPaths({ kind, variant: path.variant, edges: path.edges }, this.routes, this.layout));
    layer.group.replaceChildren(...layer.drawn.map(({ element }) => element));
    const keys = new Set(paths.flatMap((path) => [...path.keys]));
    for (const [key, element] of this.nodeElements) element.classList.toggle(`on-${kind}`, keys.has(key));
    // New paths honour the filter and the focus already applied.
    for (const { edge, element } of layer.drawn) {
      element.classList.toggle("dimmed", this.visible !== null && !(this.visible.has(edge.src) && this.visible.has(edge.dst)));
      element.classList.toggle("out-of-focus", this.focusKeys !== null && !(this.focusKeys.has(edge.src) && this.focusKeys.has(edge.dst)));
    }
  }

  // Marks the nodes a problem or a chain concerns and fits the view to them; null clears the marks.
  pick(keys) {
    for (const [key, element] of this.nodeElements) element.classList.toggle("picked", keys !== null && keys.has(key));
    if (keys !== null) this.fit(keys);
  }
}
