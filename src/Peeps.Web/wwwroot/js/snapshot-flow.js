// A consistent snapshot, the way the upstream frontend takes one: request a cut, wait until every process
// has caught up to it (pending_connections == 0) or the wait runs out, then ask for the snapshot.

import { api } from "./api.js";

const POLL_MS = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForCut(waitMs, onProgress) {
  const cut = await api.startCut();
  const deadline = Date.now() + waitMs;
  let status = { ...cut, pending_connections: cut.requested_connections, acked_connections: 0, pending_conn_ids: [] };
  while (status.pending_connections > 0 && Date.now() < deadline) {
    onProgress(`cut ${cut.cut_id}: ${status.acked_connections}/${cut.requested_connections} processes acknowledged, ${status.pending_connections} pending…`);
    await sleep(POLL_MS);
    status = await api.cutStatus(cut.cut_id);
  }
  return { cut, status };
}

// Resolves to { snapshot, cut, cutStatus, cutError, waitedMs }. A failed cut does not stop the snapshot:
// a snapshot without the barrier is still what the person asked to see, and the failure is reported.
export async function takeSnapshot({ waitMs, onProgress }) {
  onProgress("requesting cut…");
  let cut = null;
  let cutStatus = null;
  let cutError = null;
  try {
    ({ cut, status: cutStatus } = await waitForCut(waitMs, onProgress));
  } catch (error) {
    cutError = error;
  }
  onProgress(cutStatus && cutStatus.pending_connections > 0
    ? `cut ${cut.cut_id} still waiting on ${cutStatus.pending_connections} process(es); taking the snapshot anyway…`
    : "taking snapshot…");
  const snapshot = await api.snapshot(waitMs);
  return { snapshot, cut, cutStatus, cutError, waitedMs: waitMs };
}
