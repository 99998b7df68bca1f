// Wait paths from the diagnosis drawn over the graph: a deadlock's cycle or a wait chain, one arrow per wait edge
// ("from waits for to"). Where the graph draws an edge between the same two nodes its route is reused (turned round
// for a handler's `needs` on the response it works on, which the diagnosis reads as the response waiting for the
// handler); an inferred edge between processes (a caller's request waiting for the callee's response) has no drawn
// edge and gets a straight arrow from box to box.

import { svg } from "./dom.js";
import { NODE_HEIGHT, NODE_WIDTH, pathOf } from "./graph-layout.js";

function pairKey(src, dst) {
  return `${src}\u0000${dst}`;
}

// The route of the first drawn edge for every ordered (src, dst) pair.
export function routesByPair(graph, layout) {
  const routes = new Map();
  for (const edge of graph.edges) {
    const points = layout.edges.get(edge.id);
    const key = pairKey(edge.src, edge.dst);
    if (points && !routes.has(key)) routes.set(key, points);
  }
  return routes;
}

function centre(position) {
  return { x: position.x + NODE_WIDTH / 2, y: position.y + NODE_HEIGHT / 2 };
}

// Where the ray from a box's centre along (dx, dy) leaves the box.
function boxExit(position, dx, dy) {
  const c = centre(position);
  const scale = Math.min(
    dx === 0 ? Infinity : NODE_WIDTH / 2 / Math.abs(dx),
    dy === 0 ? Infinity : NODE_HEIGHT / 2 / Math.abs(dy));
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

function straight(from, to) {
  const a = centre(from);
  const b = centre(to);
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  if (dx === 0 && dy === 0) return null;
  return [boxExit(from, dx, dy), boxExit(to, -dx, -dy)];
}

// A node waiting on itself: a loop over its top right corner.
function selfLoop(position) {
  const x = position.x + NODE_WIDTH - 30;
  const y = position.y;
  return `M${x},${y} C${x},${y - 40} ${x + 46},${y - 40} ${x + 30},${y}`;
}

function routeOf(edge, routes, layout) {
  const from = layout.nodes.get(edge.src);
  const to = layout.nodes.get(edge.dst);
  if (!from || !to) return null;
  if (edge.src === edge.dst) return selfLoop(from);
  const drawn = routes.get(pairKey(edge.src, edge.dst));
  if (drawn) return pathOf(drawn);
  const reversed = routes.get(pairKey(edge.dst, edge.src));
  if (reversed) return pathOf([...reversed].reverse());
  const line = straight(from, to);
  return line ? pathOf(line) : null;
}

// One <g class="wait-path {kind} {variant}"> per wait edge whose ends are both drawn, with a wide translucent halo
// under the line so the path stands out from the ordinary edges it follows. `kind` also names the arrow marker.
// Returns [{ edge, element }].
export function drawWaitPaths({ kind, variant, edges }, routes, layout) {
  const drawn = [];
  for (const edge of edges) {
    const d = routeOf(edge, routes, layout);
    if (!d) continue;
    const element = svg("g", {
      class: ["wait-path", kind, variant].filter(Boolean).join(" "),
      dataset: { src: edge.src, dst: edge.dst, kind: edge.kind, inferred: String(edge.inferred) },
    },
    svg("path", { class: "halo", d }),
    svg("path", { class: "line", d, "marker-end": `url(#${waitMarkerId(kind)})` }));
    drawn.push({ edge, element });
  }
  return drawn;
}

export function waitMarkerId(kind) {
  return `arrow-wait-${kind}`;
}
