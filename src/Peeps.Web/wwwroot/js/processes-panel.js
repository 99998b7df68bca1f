// The live list of connected processes. Server-sent events push every change; if the stream cannot be
// opened or breaks, the panel falls back to polling so it never silently goes stale.

import { api } from "./api.js";
import { byId, h } from "./dom.js";
import { canStreamEvents, readEventStream } from "./event-stream.js";

const POLL_MS = 2000;
// After falling back, try the event stream again this often (the server may have restarted).
const STREAM_RETRY_MS = 30000;

export class ProcessesPanel {
  constructor() {
    this.list = byId("process-list");
    this.count = byId("process-count");
    this.status = byId("live-status");
    this.pollTimer = null;
    this.polling = false;
    this.retryTimer = null;
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
    const processes = view.processes ?? [];
    this.count.textContent = `(${view.connected_processes ?? processes.length})`;
    if (processes.length === 0) {
      this.list.replaceChildren(h("li", { class: "muted" }, "no process connected"));
      return;
    }
    this.list.replaceChildren(...processes.map((proc) =>
      h("li", { dataset: { connId: String(proc.conn_id), pid: String(proc.pid) } },
        h("span", { class: "name", title: proc.process_name }, proc.process_name),
        h("span", { class: "ids" }, `pid ${proc.pid} · conn ${proc.conn_id}`))));
  }
}
