// The edge kinds of the wire model and how each one reads in the graph and its legend.

export const EDGE_KINDS = [
  { kind: "needs", label: "needs (waits on)", color: "var(--edge-needs)", dash: "" },
  { kind: "polls", label: "polls", color: "var(--edge-polls)", dash: "6 3" },
  { kind: "closed_by", label: "closed by", color: "var(--edge-closed-by)", dash: "2 3" },
  { kind: "channel_link", label: "channel link (tx → rx)", color: "var(--edge-channel-link)", dash: "" },
  { kind: "rpc_link", label: "rpc link (request → response)", color: "var(--edge-rpc-link)", dash: "10 3 2 3" },
];

const KNOWN = new Set(EDGE_KINDS.map((k) => k.kind));

// An edge kind newer than this console is still drawn, in a neutral style.
export function edgeClass(kind) {
  return KNOWN.has(kind) ? `kind-${kind}` : "kind-other";
}
