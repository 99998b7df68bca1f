// Positions for every node, edge and process cluster. Each process is laid out on its own (entity ids
// never cross processes). Within it, every connected group of entities gets a layered dagre layout and
// entities with no edge share a compact grid; the blocks are then packed so that many small wait chains
// do not turn into one endless column. Process clusters are packed into rows the same way.

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

function layoutGrid(keys) {
  const cellWidth = NODE_WIDTH + GAP;
  const columns = Math.max(1, Math.ceil(Math.sqrt(keys.length * 1.5)));
  const positions = new Map();
  keys.forEach((key, index) => {
    positions.set(key, { x: (index % columns) * cellWidth, y: Math.floor(index / columns) * (NODE_HEIGHT + GAP) });
  });
  const rows = Math.ceil(keys.length / columns);
  return {
    positions,
    routes: new Map(),
    width: Math.min(keys.length, columns) * cellWidth - GAP,
    height: rows * (NODE_HEIGHT + GAP) - GAP,
  };
}

// Groups of keys joined by edges (union-find), in first-seen order.
function components(keys, edges) {
  const parent = new Map(keys.map((key) => [key, key]));
  const find = (key) => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root);
    parent.set(key, root);
    return root;
  };
  for (const edge of edges) parent.set(find(edge.src), find(edge.dst));
  const groups = new Map();
  for (const key of keys) {
    const root = find(key);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root).push(key);
  }
  return [...groups.values()];
}

// Shelf packing: tallest blocks first, rows about as wide as the blocks' total area suggests.
function pack(blocks) {
  const sorted = [...blocks].sort((a, b) => b.height - a.height);
  const area = sorted.reduce((sum, b) => sum + (b.width + GAP * 2) * (b.height + GAP * 2), 0);
  const rowWidth = Math.max(sorted.reduce((max, b) => Math.max(max, b.width), 0), Math.sqrt(area * 1.6));
  const placed = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const block of sorted) {
    if (x > 0 && x + block.width > rowWidth) {
      x = 0;
      y += rowHeight + GAP * 2;
      rowHeight = 0;
    }
    placed.push({ block, x, y });
    x += block.width + GAP * 3;
    rowHeight = Math.max(rowHeight, block.height);
  }
  return {
    placed,
    width: placed.reduce((max, p) => Math.max(max, p.x + p.block.width), 0),
    height: placed.reduce((max, p) => Math.max(max, p.y + p.block.height), 0),
  };
}

function layoutProcess(group, edges) {
  const own = edges.filter((edge) => edge.processId === group.processId);
  const groups = components(group.nodeKeys, own);
  const isolated = groups.filter((keys) => keys.length === 1).map(([key]) => key);
  const blocks = groups.filter((keys) => keys.length > 1).map((keys) => {
    const members = new Set(keys);
    return layoutConnected(keys, own.filter((edge) => members.has(edge.src)));
  });
  if (isolated.length > 0) blocks.push(layoutGrid(isolated));
  const packed = pack(blocks);
  const positions = new Map();
  const routes = new Map();
  for (const { block, x, y } of packed.placed) {
    for (const [key, p] of block.positions) positions.set(key, offsetPoint(p, x, y));
    for (const [id, points] of block.routes) routes.set(id, points.map((p) => offsetPoint(p, x, y)));
  }
  return {
    positions,
    routes,
    width: Math.max(packed.width, 260) + CLUSTER_PADDING * 2,
    height: Math.max(packed.height, NODE_HEIGHT) + CLUSTER_PADDING * 2 + CLUSTER_TITLE,
  };
}

// An SVG path through the points of a route.
export function pathOf(points) {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
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
