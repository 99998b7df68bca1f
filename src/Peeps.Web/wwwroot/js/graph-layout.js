// Positions for every node, edge and process cluster. Each process is laid out on its own (entity ids
// never cross processes): entities that take part in edges get a layered dagre layout, entities with no
// edge are set in a compact grid below it, so an idle process does not become one endless column.
// Clusters are then packed into rows.

import { graphlib, layout as dagreLayout } from "../vendor/dagre/dagre.esm.js";

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 54;
const GAP = 14;
const CLUSTER_PADDING = 18;
const CLUSTER_TITLE = 26;
const CLUSTER_GAP = 40;

function layoutConnected(keys, edges) {
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: GAP, ranksep: 70, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const key of keys) g.setNode(key, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) g.setEdge(edge.src, edge.dst, {}, edge.id);
  dagreLayout(g);
  const positions = new Map();
  for (const key of keys) {
    const node = g.node(key);
    positions.set(key, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 });
  }
  const routes = new Map();
  for (const edge of edges) routes.set(edge.id, g.edge(edge.src, edge.dst, edge.id).points.map((p) => ({ x: p.x, y: p.y })));
  const graphLabel = g.graph();
  return { positions, routes, width: graphLabel.width ?? 0, height: graphLabel.height ?? 0 };
}

function layoutGrid(keys, minWidth, top) {
  const cellWidth = NODE_WIDTH + GAP;
  const columns = Math.max(1, Math.ceil(Math.sqrt(keys.length * 1.5)), Math.floor((minWidth + GAP) / cellWidth));
  const positions = new Map();
  keys.forEach((key, index) => {
    positions.set(key, {
      x: (index % columns) * cellWidth,
      y: top + Math.floor(index / columns) * (NODE_HEIGHT + GAP),
    });
  });
  const rows = Math.ceil(keys.length / columns);
  return {
    positions,
    width: keys.length === 0 ? 0 : Math.min(keys.length, columns) * cellWidth - GAP,
    height: rows === 0 ? 0 : rows * (NODE_HEIGHT + GAP) - GAP,
  };
}

function layoutProcess(group, edges) {
  const own = edges.filter((edge) => edge.processId === group.processId);
  const linked = new Set(own.flatMap((edge) => [edge.src, edge.dst]));
  const connectedKeys = group.nodeKeys.filter((key) => linked.has(key));
  const isolatedKeys = group.nodeKeys.filter((key) => !linked.has(key));
  const connected = connectedKeys.length > 0 ? layoutConnected(connectedKeys, own) : { positions: new Map(), routes: new Map(), width: 0, height: 0 };
  const gridTop = connected.height > 0 ? connected.height + GAP * 2 : 0;
  const grid = layoutGrid(isolatedKeys, connected.width, gridTop);
  const width = Math.max(connected.width, grid.width, 260);
  const height = isolatedKeys.length > 0 ? gridTop + grid.height : Math.max(connected.height, NODE_HEIGHT);
  return {
    positions: new Map([...connected.positions, ...grid.positions]),
    routes: connected.routes,
    width: width + CLUSTER_PADDING * 2,
    height: height + CLUSTER_PADDING * 2 + CLUSTER_TITLE,
  };
}

function offsetPoint(point, dx, dy) {
  return { x: point.x + dx, y: point.y + dy };
}

export function layoutGraph(graph) {
  const laidOut = graph.processes.map((group) => ({ group, ...layoutProcess(group, graph.edges) }));
  const totalArea = laidOut.reduce((sum, item) => sum + item.width * item.height, 0);
  const widest = laidOut.reduce((max, item) => Math.max(max, item.width), 0);
  const rowWidth = Math.max(widest, Math.sqrt(totalArea) * 1.7);

  const nodes = new Map();
  const edges = new Map();
  const clusters = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const item of laidOut) {
    if (x > 0 && x + item.width > rowWidth) {
      x = 0;
      y += rowHeight + CLUSTER_GAP;
      rowHeight = 0;
    }
    const innerX = x + CLUSTER_PADDING;
    const innerY = y + CLUSTER_PADDING + CLUSTER_TITLE;
    clusters.push({ group: item.group, x, y, width: item.width, height: item.height });
    for (const [key, position] of item.positions) nodes.set(key, offsetPoint(position, innerX, innerY));
    for (const [id, points] of item.routes) edges.set(id, points.map((p) => offsetPoint(p, innerX, innerY)));
    x += item.width + CLUSTER_GAP;
    rowHeight = Math.max(rowHeight, item.height);
  }
  const width = clusters.reduce((max, c) => Math.max(max, c.x + c.width), 0);
  const height = clusters.reduce((max, c) => Math.max(max, c.y + c.height), 0);
  return { nodes, edges, clusters, width, height };
}
