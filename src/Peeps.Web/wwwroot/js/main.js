// Entry point: wires the live process list, the snapshot flow and view, history, the diff and the query tabs.

import { DiffView } from "./diff-view.js";
import { byId } from "./dom.js";
import { HistoryPanel, snapshotIdOf } from "./history-panel.js";
import { renderLegend } from "./legend.js";
import { ProcessesPanel } from "./processes-panel.js";
import { QueryRunner } from "./query-runner.js";
import { takeSnapshot } from "./snapshot-flow.js";
import { SnapshotView } from "./snapshot-view.js";
import { setupTabs } from "./tabs.js";
import { TimelinePanel } from "./timeline-panel.js";

const snapshotView = new SnapshotView();
const diffView = new DiffView();
const history = new HistoryPanel((snapshot, id) => snapshotView.show(snapshot, {
  label: `stored snapshot #${id}`,
  waitedMs: null,
  snapshotId: id,
  whenStored: Promise.resolve(true),
}), (entries) => diffView.setSnapshots(entries));
// The graph at a past instant is shown and diagnosed like a snapshot, by its instant rather than an id.
const timeline = new TimelinePanel((graph, atNs) => {
  history.markCurrent(null);
  snapshotView.show(graph, { label: "rebuilt from history", waitedMs: null, atNs, whenStored: Promise.resolve(true) });
});
new QueryRunner();
renderLegend(byId("legend"));
new ProcessesPanel().start();

const button = byId("take-snapshot");
const progress = byId("snapshot-progress");
const waitInput = byId("snapshot-wait");

function cutNote(result) {
  if (result.cutError) return `cut failed (${result.cutError.message}); snapshot taken without it`;
  if (!result.cut) return null;
  const pending = result.cutStatus?.pending_connections ?? 0;
  return pending > 0
    ? `cut ${result.cut.cut_id} incomplete: ${pending} process(es) had not caught up`
    : `after cut ${result.cut.cut_id}`;
}

button.addEventListener("click", async () => {
  const seconds = Number.parseFloat(waitInput.value);
  const waitMs = Math.round((Number.isFinite(seconds) && seconds > 0 ? seconds : 5) * 1000);
  button.disabled = true;
  progress.classList.remove("error");
  try {
    const result = await takeSnapshot({ waitMs, onProgress: (text) => { progress.textContent = text; } });
    const id = snapshotIdOf(result.snapshot);
    // Cleared first: a long progress line wraps the toolbar, and the graph is fitted to the stage left below it.
    progress.textContent = "";
    // Not awaited: the graph is already drawn, and the diagnosis waits for the stored row itself.
    const whenStored = id === null ? history.refresh().then(() => false) : history.refreshUntilListed(id);
    history.markCurrent(id);
    snapshotView.show(result.snapshot, {
      label: id === null ? "live snapshot" : `snapshot #${id}`,
      waitedMs: waitMs,
      notes: [cutNote(result)].filter(Boolean),
      snapshotId: id,
      whenStored,
    });
  } catch (error) {
    progress.classList.add("error");
    progress.textContent = `snapshot failed: ${error.message}`;
  } finally {
    button.disabled = false;
  }
});

setupTabs();
history.refresh();
timeline.refresh();
