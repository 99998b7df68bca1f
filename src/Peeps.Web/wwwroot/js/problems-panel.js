// The Problems panel: what the server's diagnosis found in the snapshot on screen. Deadlocks first (certain or
// candidate, which processes, how long the cycle has lasted at least), then warnings grouped by id. Clicking one
// hands the node keys it concerns to `onPick`, which marks them in the graph.

import { byId, h } from "./dom.js";
import { formatDuration } from "./format.js";

// What each warning id means in a few words; docs/diagnosis.md explains them and their thresholds. An id newer than
// this console is shown as sent.
const WARNING_TITLES = new Map([
  ["long_wait", "long waits"],
  ["channel_full", "channels full"],
  ["request_unanswered", "requests without a response"],
  ["process_did_not_answer", "processes that did not answer"],
  ["closed_channel_wait", "waits on a closed channel"],
  ["holder_waiting", "holders that are waiting"],
]);

function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

function processList(processes) {
  return processes.map((p) => `${p.name} (pid ${p.pid})`).join(" ↔ ");
}

function deadlockItem(deadlock) {
  const candidate = deadlock.confidence !== "certain";
  const details = [
    deadlock.blockedForMs !== null ? `blocked ≥ ${formatDuration(deadlock.blockedForMs)}` : null,
    deadlock.hasInferredEdges ? "through rpc" : null,
    deadlock.truncated ? `${deadlock.members.length} members listed` : null,
  ].filter(Boolean).join(" · ");
  return h("button", {
    type: "button",
    class: "problem deadlock",
    dataset: { deadlockId: String(deadlock.id), confidence: deadlock.confidence },
    title: candidate ? deadlock.reasons.join("\n") : null,
  },
  h("span", { class: "problem-title" },
    h("span", { class: `tag ${candidate ? "candidate" : "certain"}` }, candidate ? "candidate" : "certain"),
    ` deadlock #${deadlock.id} · ${plural(deadlock.memberCount, "entity", "entities")}`),
  h("span", { class: "problem-detail processes" }, processList(deadlock.processes)),
  details ? h("span", { class: "problem-detail" }, details) : null,
  candidate && deadlock.reasons.length > 0 ? h("span", { class: "problem-detail reason" }, deadlock.reasons[0]) : null);
}

function warningItem(warning) {
  return h("button", { type: "button", class: "problem warning", dataset: { warningId: warning.id } },
    h("span", { class: "problem-title" }, warning.message),
    warning.ageMs !== null || warning.thresholdMs !== null
      ? h("span", { class: "problem-detail" }, [
        warning.ageMs !== null ? `for ${formatDuration(warning.ageMs)}` : null,
        warning.thresholdMs !== null ? `threshold ${formatDuration(warning.thresholdMs)}` : null,
      ].filter(Boolean).join(" · "))
      : null);
}

function byWarningId(warnings) {
  const groups = new Map();
  for (const warning of warnings) {
    if (!groups.has(warning.id)) groups.set(warning.id, []);
    groups.get(warning.id).push(warning);
  }
  return groups;
}

export class ProblemsPanel {
  constructor(onPick) {
    this.onPick = onPick;
    this.section = byId("problems");
    this.count = byId("problem-count");
    this.status = byId("problems-status");
    this.list = byId("problems-list");
  }

  loading(subject) {
    this.section.hidden = false;
    this.count.textContent = "";
    this.status.classList.remove("error");
    this.status.textContent = `diagnosing ${subject}…`;
    this.list.replaceChildren();
  }

  // A snapshot with no id (the server did not store it) cannot be diagnosed; there is nothing to say about it.
  clear() {
    this.section.hidden = true;
    this.list.replaceChildren();
  }

  failed(subject, message) {
    this.section.hidden = false;
    this.status.classList.add("error");
    this.status.textContent = `diagnosis of ${subject} unavailable: ${message}`;
  }

  // `diagnosis` as read by diagnosis-model.js.
  show(subject, diagnosis) {
    const { deadlocks, warnings, summary } = diagnosis;
    const certain = deadlocks.filter((d) => d.confidence === "certain").length;
    const warningTotal = summary.warnings ?? warnings.length;
    this.section.hidden = false;
    this.status.classList.remove("error");
    this.count.textContent = String(deadlocks.length + warningTotal);
    this.status.textContent = deadlocks.length + warningTotal === 0
      ? `no deadlock and no warning in ${subject}`
      : [
        `${plural(deadlocks.length, "deadlock")} (${certain} certain)`,
        plural(warningTotal, "warning"),
        Number.isFinite(summary.blocked_entities) ? `${summary.blocked_entities} blocked` : null,
      ].filter(Boolean).join(" · ");

    const items = [];
    if (deadlocks.length > 0) {
      items.push(h("h3", {}, "Deadlocks"),
        h("ul", { class: "problem-list deadlocks" }, deadlocks.map((d) => h("li", {}, this.pickable(deadlockItem(d), d.keys)))));
    }
    if (warnings.length > 0) {
      items.push(h("h3", {}, "Warnings"));
      for (const [id, group] of byWarningId(warnings)) {
        const total = diagnosis.warningsById.get(id);
        items.push(
          h("h4", { class: "warning-group", dataset: { warningId: id } },
            WARNING_TITLES.get(id) ?? id, " ", h("code", {}, id), " ",
            h("span", { class: "count" }, Number.isFinite(total) && total > group.length ? `${group.length} of ${total}` : String(group.length))),
          h("ul", { class: "problem-list warnings" }, group.map((w) => h("li", {}, this.pickable(warningItem(w), w.keys)))));
      }
    }
    this.list.replaceChildren(...items);
  }

  pickable(button, keys) {
    button.addEventListener("click", () => {
      this.markCurrent(button);
      this.onPick(keys);
    });
    return button;
  }

  markDeadlock(id) {
    this.markCurrent([...this.list.querySelectorAll("button.deadlock")].find((b) => b.dataset.deadlockId === String(id)) ?? null);
  }

  // The item whose entities are marked in the graph, or null when none is.
  markCurrent(current) {
    for (const button of this.list.querySelectorAll("button.problem")) button.setAttribute("aria-current", button === current ? "true" : "false");
  }
}
