// Turns a snapshot response (POST /api/snapshot or a stored one) into the graph the console draws.
// Entity ids are unique only within a process, so every node is keyed by (process_id, entity id).

import { describeEntity } from "./entity-state.js";

export function nodeKey(processId, entityId) {
  return `${processId}/${entityId}`;
}

function listOf(value) {
  return Array.isArray(value) ? value : [];
}

function processesOf(snapshot) {
  return listOf(snapshot?.processes);
}

export function buildGraph(snapshot) {
  const processes = [];
  const nodes = new Map();
  const edges = [];
  let danglingEdges = 0;
  let callerLinks = 0;

  for (const proc of processesOf(snapshot)) {
    const processId = proc.process_id;
    const entities = proc.snapshot?.entities ?? [];
    const group = {
      processId,
      name: proc.process_name,
      pid: proc.pid,
      ptimeNowMs: proc.ptime_now_ms,
      nodeKeys: [],
    };
    for (const entity of entities) {
      const key = nodeKey(processId, entity.id);
      nodes.set(key, { key, process: group, entity, ...describeEntity(entity, proc.ptime_now_ms) });
      group.nodeKeys.push(key);
    }
    for (const edge of proc.snapshot?.edges ?? []) {
      const src = nodeKey(processId, edge.src);
      const dst = nodeKey(processId, edge.dst);
      // A callee records `request --rpc_link--> response` with the caller's request id, which names no entity of its
      // own process (spec: rpc_link crosses processes). The diagnosis joins it to the caller; it is not dangling.
      if (edge.kind === "rpc_link" && nodes.has(dst) && !nodes.has(src)) {
        callerLinks += 1;
        continue;
      }
      if (!nodes.has(src) || !nodes.has(dst)) {
        danglingEdges += 1;
        continue;
      }
      edges.push({ id: `${src}->${dst}:${edge.kind}`, src, dst, kind: edge.kind, meta: edge.meta, processId });
    }
    processes.push(group);
  }

  return {
    capturedAtUnixMs: snapshot?.captured_at_unix_ms ?? null,
    processes,
    nodes,
    edges,
    danglingEdges,
    callerLinks,
    missing: {
      timedOut: listOf(snapshot?.timed_out_processes),
      withoutSnapshot: listOf(snapshot?.processes_without_snapshot),
      disconnected: listOf(snapshot?.disconnected_processes),
    },
  };
}

export function incidentEdges(graph, key) {
  return graph.edges.filter((edge) => edge.src === key || edge.dst === key);
}

export function neighbourhood(graph, key) {
  const keys = new Set([key]);
  for (const edge of incidentEdges(graph, key)) {
    keys.add(edge.src);
    keys.add(edge.dst);
  }
  return keys;
}
