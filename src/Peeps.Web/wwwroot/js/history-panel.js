// Earlier snapshots stored by the server (GET /api/snapshots), each reopened in the snapshot view. Whoever else
// offers a choice of stored snapshots (the diff view) is handed the list on every refresh.

import { api } from "./api.js";
import { byId, h } from "./dom.js";
import { formatClock } from "./format.js";

const LISTED_POLL_MS = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function entriesOf(response) {
  if (Array.isArray(response)) return response;
  return response?.snapshots ?? [];
}

export function snapshotIdOf(snapshot) {
  return snapshot?.snapshot_id ?? snapshot?.id ?? null;
}

// "#id · when it completed" for a history entry.
export function snapshotTitle(entry) {
  const completedMs = Number.isFinite(entry.completed_at_ns) ? entry.completed_at_ns / 1e6 : entry.captured_at_unix_ms;
  return `#${snapshotIdOf(entry)} · ${formatClock(completedMs)}`;
}

export class HistoryPanel {
  constructor(onOpen, onEntries) {
    this.onOpen = onOpen;
    this.onEntries = onEntries;
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

  // Resolves to the entries listed, or null when the list could not be read.
  async refresh() {
    try {
      const entries = entriesOf(await api.snapshots());
      this.status.textContent = entries.length === 0 ? "no snapshot taken yet" : "";
      this.list.replaceChildren(...entries.map((entry) => this.item(entry)));
      this.markCurrent(this.current);
      this.onEntries(entries);
      return entries;
    } catch (error) {
      this.status.textContent = `history unavailable: ${error.message}`;
      return null;
    }
  }

  // The server stores a snapshot's row just after answering it. Resolves to true once snapshot `id` is listed
  // (and so can be read back), false when it is not within `timeoutMs`.
  async refreshUntilListed(id, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const entries = await this.refresh();
      if (entries?.some((entry) => String(snapshotIdOf(entry)) === String(id))) return true;
      if (Date.now() >= deadline) return false;
      await sleep(LISTED_POLL_MS);
    }
  }

  item(entry) {
    const id = String(snapshotIdOf(entry));
    const counts = [
      Number.isFinite(entry.replied) ? `${entry.replied}/${entry.requested_connections} replied` : null,
      entry.timed_out > 0 ? `${entry.timed_out} timed out` : null,
    ].filter(Boolean).join(" · ");
    return h("li", {},
      h("button", { type: "button", dataset: { snapshotId: id }, onclick: () => this.open(id) },
        h("span", { class: "when" }, snapshotTitle(entry)),
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
