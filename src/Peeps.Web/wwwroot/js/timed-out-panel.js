// Processes that were connected but did not answer the snapshot in time. Their pid is what a person needs
// next (`sample <pid>`, `spindump <pid>`, `gdb -p <pid>`), so it is shown prominently.

import { h } from "./dom.js";

export function renderTimedOut(container, timedOut, waitedMs) {
  if (timedOut.length === 0) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  container.hidden = false;
  const waited = waitedMs ? ` within ${(waitedMs / 1000).toFixed(1)} s` : "";
  container.replaceChildren(
    h("h3", {}, `${timedOut.length} process${timedOut.length === 1 ? "" : "es"} did not reply${waited} — not in this snapshot`),
    h("ul", {}, timedOut.map((proc) => h("li", { dataset: { pid: String(proc.pid) } },
      h("strong", {}, proc.process_name), " — ",
      h("span", { class: "pid" }, `pid ${proc.pid}`),
      proc.process_id !== undefined ? h("span", { class: "muted" }, ` (process ${proc.process_id})`) : null,
      h("span", { class: "muted small" }, ` · try sample ${proc.pid} or spindump ${proc.pid}`)))),
  );
}
