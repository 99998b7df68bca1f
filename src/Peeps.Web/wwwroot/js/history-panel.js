// Earlier snapshots stored by the server (GET /api/snapshots), each reopened in the snapshot view.

import { api } from "./api.js";
import { byId, h } from "./dom.js";
import { formatClock } from "./format.js";

function entriesOf(response) {
  if (Array.isArray(response)) return response;
  return response?.snapshots ?? [];
}

export function snapshotIdOf(snapshot) {
  return snapshot?.snapshot_id ?? snapshot?.id ?? null;
}

export class HistoryPanel {
  constructor(onOpen) {
    this.onOpen = onOpen;
    this.list = byId("history-list");
    this.status = byId("history-status");
    this.current = null;
    byId("history-refresh").addEventListener("click", () => this.refresh());
  }

  markCurrent(id) {
    this.current = id === null ? null : String(id);
    for (const button of this.list.querySelectorAll("button")) {
      button.setAttribute("aria-current", button.dataset.snapshotId === this.current ? "true" : "false");
    }
  }

  async refresh() {
    try {
      const entries = entriesOf(await api.snapshots());
      this.status.textContent = entries.length === 0 ? "no snapshot taken yet" : "";
      this.list.replaceChildren(...entries.map((entry) => this.item(entry)));
      this.markCurrent(this.current);
    } catch (error) {
      this.status.textContent = `history unavailable: ${error.message}`;
    }
  }

  item(entry) {
    const id = String(snapshotIdOf(entry));
    const completedMs = Number.isFinite(entry.completed_at_ns) ? entry.completed_at_ns / 1e6 : entry.captured_at_unix_ms;
    const counts = [
      Number.isFinite(entry.replied) ? `${entry.replied}/${entry.requested_connections} replied` : null,
      entry.timed_out > 0 ? `${entry.timed_out} timed out` : null,
    ].filter(Boolean).join(" · ");
    return h("li", {},
      h("button", { type: "button", dataset: { snapshotId: id }, onclick: () => this.open(id) },
        h("span", { class: "when" }, `#${id} · ${formatClock(completedMs)}`),
        counts ? h("span", { class: "what" }, counts) : null));
  }

  async open(id) {
    this.status.textContent = `loading snapshot #${id}…`;
    try {
      const snapshot = await api.storedSnapshot(id);
      this.status.textContent = "";
      this.markCurrent(id);
      this.onOpen(snapshot, id);
    } catch (error) {
      this.status.textContent = `cannot open snapshot #${id}: ${error.message}`;
    }
  }
}
