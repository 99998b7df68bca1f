// The server's diagnosis of a snapshot (GET /api/snapshots/{id}/diagnosis and /wait-chain) in the graph's terms.
// Answers name an entity by (conn_id, entity_id); a snapshot's process_id is that conn_id, so both map to the
// graph's node key. Edges are wait edges, "from waits for to", including the inferred ones that cross processes.

import { nodeKey } from "./graph-model.js";

function listOf(value) {
  return Array.isArray(value) ? value : [];
}

export function keyOf(view) {
  return nodeKey(view.conn_id, view.entity_id);
}

function waitEdge(edge) {
  return {
    src: nodeKey(edge.from_conn_id, edge.from_entity_id),
    dst: nodeKey(edge.to_conn_id, edge.to_entity_id),
    kind: edge.kind,
    inferred: edge.inferred === true,
  };
}

function processesOf(views) {
  const byConn = new Map();
  for (const view of views) byConn.set(view.conn_id, { connId: view.conn_id, name: view.process_name, pid: view.pid });
  return [...byConn.values()];
}

// { deadlocks, warnings, summary, warningsById }: each deadlock and warning with the node keys it concerns.
export function readDiagnosis(report) {
  const deadlocks = listOf(report?.deadlocks).map((deadlock) => {
    const members = listOf(deadlock.members);
    return {
      id: deadlock.id,
      confidence: deadlock.confidence,
      reasons: listOf(deadlock.reasons),
      blockedForMs: deadlock.blocked_for_ms ?? null,
      memberCount: deadlock.member_count ?? members.length,
      hasInferredEdges: deadlock.has_inferred_edges === true,
      truncated: deadlock.truncated === true,
      members,
      processes: processesOf(members),
      keys: new Set(members.map(keyOf)),
      edges: listOf(deadlock.edges).map(waitEdge),
    };
  });
  const warnings = listOf(report?.warnings).map((warning) => ({
    id: warning.id,
    message: warning.message,
    ageMs: warning.age_ms ?? null,
    thresholdMs: warning.threshold_ms ?? null,
    keys: new Set(listOf(warning.entities).map(keyOf)),
  }));
  return {
    deadlocks,
    warnings,
    summary: report?.summary ?? {},
    // Keyed by the server's warning ids: a Map, so an id named like an Object member is just an id.
    warningsById: new Map(Object.entries(report?.summary?.warnings_by_id ?? {})),
  };
}

// A wait chain (its tree of steps from the head to root blockers or into deadlocks) with the wait edges between
// its steps and every node key on it, for drawing it over the graph. Iterative: a chain can be as deep as the
// server's bound allows.
export function readChain(report) {
  const edges = [];
  const keys = new Set();
  const pending = report?.tree ? [{ node: report.tree, parentKey: null }] : [];
  while (pending.length > 0) {
    const { node, parentKey } = pending.pop();
    const key = keyOf(node.entity);
    keys.add(key);
    if (parentKey !== null && node.via) edges.push({ src: parentKey, dst: key, kind: node.via.kind, inferred: node.via.inferred === true });
    for (const child of listOf(node.waits_on)) pending.push({ node: child, parentKey: key });
  }
  return {
    blockedForMs: report?.blocked_for_ms ?? null,
    depth: report?.depth ?? 0,
    processHops: report?.process_hops ?? 0,
    endsIn: report?.ends_in ?? null,
    roots: listOf(report?.roots),
    deadlockIds: listOf(report?.deadlock_ids),
    truncated: report?.truncated === true,
    tree: report?.tree ?? null,
    edges,
    keys,
  };
}
