// "Why is this waiting?" in the inspector: the chain from one entity to what it finally waits for
// (GET /api/snapshots/{id}/wait-chain). Every step names its entity and process, the wait it was reached by, and
// whether that wait crosses into another process; the chain ends at root blockers (saying what kind), in a deadlock,
// or where the server's bound cut it. A step that waits on several things branches.

import { h } from "./dom.js";
import { formatDuration } from "./format.js";
import { keyOf } from "./diagnosis-model.js";

// Root blocker reasons as the server names them (RootBlockerView); one newer than this console is shown as sent.
const ROOT_REASONS = new Map([
  ["running_work", "running work: it waits on nothing instrumented"],
  ["external_io", "external I/O"],
  ["unresolved_request", "a request no response was joined to"],
  ["process_did_not_answer", "a call into a process that did not answer the snapshot"],
  ["resource_without_holder", "a resource whose holder the data does not name"],
  ["response_without_worker", "a response nothing works on"],
]);

// The kinds of wait edge (EdgeView.kind), read as "waits for".
const LINKS = new Map([
  ["needs", "needs"],
  ["rpc", "rpc response"],
  ["works_on", "handler"],
]);

function rootText(reason) {
  return ROOT_REASONS.get(reason) ?? reason;
}

function linkText(via) {
  const words = [LINKS.get(via.kind) ?? via.kind];
  if (via.inferred) words.push("inferred");
  if (Number.isFinite(via.wait_ms)) words.push(formatDuration(via.wait_ms));
  return `↓ ${words.join(" · ")}`;
}

function stepItem(node, { selectedKey, onSelect, onDeadlock }) {
  const { entity, via } = node;
  const key = keyOf(entity);
  const hop = via?.process_hop === true;
  return h("li", {
    class: "chain-step",
    dataset: { key, processHop: String(hop) },
    "aria-current": key === selectedKey ? "true" : "false",
  },
  via ? h("span", { class: "chain-link" }, linkText(via)) : null,
  hop ? h("span", { class: "hop" }, `⇢ process hop into ${entity.process_name} (pid ${entity.pid})`) : null,
  h("span", { class: "chain-entity" },
    h("button", { type: "button", onclick: () => onSelect(key) }, entity.name || entity.entity_id),
    h("span", { class: "muted small" }, ` ${entity.kind} · ${entity.process_name}`)),
  node.root ? h("span", { class: "chain-end root" }, `root blocker: ${rootText(node.root)}`) : null,
  Number.isFinite(node.deadlock_id)
    ? h("button", { type: "button", class: "chain-end deadlock", onclick: () => onDeadlock(node.deadlock_id) }, `in deadlock #${node.deadlock_id}`)
    : null,
  node.cut_by ? h("span", { class: "chain-end cut" }, `cut here by the server's ${node.cut_by} bound`) : null);
}

// A run of single waits stays one flat list; a step waiting on several things gets one nested list per branch.
function appendRun(list, first, options) {
  for (let node = first; node;) {
    list.append(stepItem(node, options));
    const next = Array.isArray(node.waits_on) ? node.waits_on : [];
    if (next.length > 1) {
      list.append(h("li", { class: "chain-branches" }, `waits on ${next.length} things:`,
        next.map((branch) => {
          const sub = h("ol", { class: "wait-chain branch" });
          appendRun(sub, branch, options);
          return sub;
        })));
    }
    node = next.length === 1 ? next[0] : null;
  }
}

function summaryOf(chain) {
  const { tree } = chain;
  const name = tree.entity.name || tree.entity.entity_id;
  if (Number.isFinite(tree.deadlock_id)) return `${name} is in deadlock #${tree.deadlock_id}: it waits, through the others, on itself.`;
  if (tree.root) return `${name} waits on nothing: it is a root blocker (${rootText(tree.root)}).`;
  const ends = chain.endsIn === "deadlock" ? `ends in deadlock #${chain.deadlockIds.join(", #")}`
    : chain.endsIn === "mixed" ? "ends at root blockers and in a deadlock"
      : chain.roots.length === 1 ? `root blocker: ${chain.roots[0].entity.name} (${rootText(chain.roots[0].reason)})`
        : `${chain.roots.length} root blockers`;
  return [
    `${name} has waited ${formatDuration(chain.blockedForMs)}`,
    `${chain.depth} step${chain.depth === 1 ? "" : "s"}`,
    `${chain.processHops} process hop${chain.processHops === 1 ? "" : "s"}`,
    ends,
  ].join(" · ");
}

// `chain` as read by diagnosis-model.js; `selectedKey` marks the step the inspector is showing.
export function renderChain(chain, options) {
  const list = h("ol", { class: "wait-chain" });
  appendRun(list, chain.tree, options);
  return h("section", { class: "why-waiting", "aria-label": "why is this waiting" },
    h("h4", {}, "Why is this waiting?"),
    h("p", { class: "chain-summary" }, summaryOf(chain)),
    chain.truncated ? h("p", { class: "muted small" }, "the server's depth or size bound cut this chain") : null,
    list);
}
