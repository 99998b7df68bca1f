// Processes that were connected but are missing from the snapshot. Timed-out ones come first and show their
// pid prominently: it is what a person needs next (`sample <pid>`, `spindump <pid>`, `gdb -p <pid>`).

import { h } from "./dom.js";

function processItem(proc, hint) {
  return h("li", { dataset: { pid: String(proc.pid) } },
    h("strong", {}, proc.process_name), " — ",
    h("span", { class: "pid" }, `pid ${proc.pid}`),
    proc.process_id !== undefined ? h("span", { class: "muted" }, ` (process ${proc.process_id})`) : null,
    hint ? h("span", { class: "muted small" }, ` · ${hint}`) : null);
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "es"}`;
}

// `missing`: { timedOut, withoutSnapshot, disconnected } arrays of { process_id, process_name, pid }.
export function renderTimedOut(container, missing, waitedMs) {
  const { timedOut, withoutSnapshot, disconnected } = missing;
  if (timedOut.length + withoutSnapshot.length + disconnected.length === 0) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  container.hidden = false;
  const waited = waitedMs ? ` within ${(waitedMs / 1000).toFixed(1)} s` : "";
  const parts = [
    timedOut.length > 0 ? h("h3", {}, `${plural(timedOut.length, "process")} did not reply${waited} — not in this snapshot`) : null,
    timedOut.length > 0 ? h("ul", { class: "timed-out-list" }, timedOut.map((p) => processItem(p, `try sample ${p.pid} or spindump ${p.pid}`))) : null,
    withoutSnapshot.length > 0 ? h("h3", {}, `${plural(withoutSnapshot.length, "process")} replied without a snapshot`) : null,
    withoutSnapshot.length > 0 ? h("ul", {}, withoutSnapshot.map((p) => processItem(p, null))) : null,
    disconnected.length > 0 ? h("h3", {}, `${plural(disconnected.length, "process")} disconnected before replying`) : null,
    disconnected.length > 0 ? h("ul", {}, disconnected.map((p) => processItem(p, null))) : null,
  ];
  container.replaceChildren(...parts.filter(Boolean));
}
