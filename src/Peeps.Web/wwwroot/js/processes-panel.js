// The live list of connected processes. Server-sent events push every change; if the stream cannot be
// opened or breaks, the panel falls back to polling so it never silently goes stale. A process that
// reconnected (same name and pid, see /api/processes) is marked, so a flapping runtime stands out.

import { api } from "./api.js";
import { byId, h } from "./dom.js";
import { canStreamEvents, readEventStream } from "./event-stream.js";

const POLL_MS = 2000;
// After falling back, try the event stream again this often (the server may have restarted).
const STREAM_RETRY_MS = 30000;
// Reconnection counts are read again at most this often, and at once when a connection appears that they do not know.
const HISTORY_REFRESH_MS = 10000;

export class ProcessesPanel {
  constructor() {
    this.list = byId("process-list");
    this.count = byId("process-count");
    this.status = byId("live-status");
    this.pollTimer = null;
    this.polling = false;
    this.retryTimer = null;
    this.view = { processes: [] };
    // The current conn id of each connected process, to its /api/processes entry.
    this.histories = new Map();
    this.historyReadAt = 0;
    this.readingHistory = false;
  }

  start() {
    if (!canStreamEvents()) {
      this.startPolling("polling (this browser cannot read event streams)");
      return;
    }
    this.openStream();
  }

  async openStream() {
    this.retryTimer = null;
    let reason;
    try {
      await readEventStream("/api/connections/stream", (event) => {
        if (event.type !== "connections") return;
        this.stopPolling();
        this.setStatus("live", "live");
        this.render(JSON.parse(event.data));
      });
      reason = "live stream ended";
    } catch (error) {
      reason = `live stream unavailable: ${error.message}`;
    }
    this.startPolling(`polling (${reason})`);
    this.retryTimer = setTimeout(() => this.openStream(), STREAM_RETRY_MS);
  }

  startPolling(label) {
    this.setStatus("polling", label);
    if (this.pollTimer) return;
    const poll = async () => {
      // A poll waiting for the API key must not pile up behind the next ones.
      if (this.polling) return;
      this.polling = true;
      try {
        this.render(await api.connections());
        this.setStatus("polling", label);
      } catch (error) {
        this.setStatus("polling", `server unreachable: ${error.message}`);
      } finally {
        this.polling = false;
      }
    };
    poll();
    this.pollTimer = setInterval(poll, POLL_MS);
  }

  stopPolling() {
    clearInterval(this.pollTimer);
    clearTimeout(this.retryTimer);
    this.pollTimer = null;
    this.retryTimer = null;
  }

  setStatus(mode, text) {
    this.status.className = `live-status ${mode}`;
    this.status.textContent = text;
  }

  render(view) {
    this.view = view;
    this.draw();
    const unknown = (view.processes ?? []).some((proc) => !this.histories.has(proc.conn_id));
    if (unknown || Date.now() - this.historyReadAt > HISTORY_REFRESH_MS) this.readHistory();
  }

  async readHistory() {
    if (this.readingHistory) return;
    this.readingHistory = true;
    try {
      const answer = await api.processes();
      this.histories = new Map(answer.processes.filter((p) => p.connected).map((p) => [p.current_conn_id, p]));
      this.historyReadAt = Date.now();
      this.draw();
    } catch {
      // The live list stands without the marks; the next change tries again.
    } finally {
      this.readingHistory = false;
    }
  }

  draw() {
    const processes = this.view.processes ?? [];
    this.count.textContent = `(${this.view.connected_processes ?? processes.length})`;
    if (processes.length === 0) {
      this.list.replaceChildren(h("li", { class: "muted" }, "no process connected"));
      return;
    }
    this.list.replaceChildren(...processes.map((proc) =>
      h("li", { dataset: { connId: String(proc.conn_id), pid: String(proc.pid) } },
        h("span", { class: "name", title: proc.process_name }, proc.process_name),
        reconnectedMark(this.histories.get(proc.conn_id)),
        h("span", { class: "ids" }, `pid ${proc.pid} · conn ${proc.conn_id}`))));
  }
}

function reconnectedMark(history) {
  if (!history || history.reconnections === 0) return null;
  const earlier = history.connections.slice(0, -1).map((c) => `conn ${c.conn_id}`).join(", ");
  return h("span", { class: "reconnected", title: `the same process (name and pid) connected before as ${earlier}` },
    `reconnected ${history.reconnections}×`);
}
