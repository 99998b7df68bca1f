// Short badge text and colour per entity kind, so kinds are told apart at a glance.

const BADGES = {
  future: ["FUT", "#475569"],
  lock: ["LOCK", "#b45309"],
  channel_tx: ["TX", "#15803d"],
  channel_rx: ["RX", "#0f766e"],
  semaphore: ["SEM", "#a16207"],
  notify: ["NTFY", "#0369a1"],
  once_cell: ["ONCE", "#4d7c0f"],
  command: ["CMD", "#9333ea"],
  file_op: ["FILE", "#78716c"],
  net_connect: ["CONN", "#1d4ed8"],
  net_accept: ["ACPT", "#1d4ed8"],
  net_read: ["READ", "#1d4ed8"],
  net_write: ["WRIT", "#1d4ed8"],
  request: ["REQ", "#7c3aed"],
  response: ["RESP", "#6d28d9"],
};

export function badgeFor(kind) {
  // An own-property check: a kind such as "constructor" must not pick up a member of Object.prototype.
  const [text, color] = Object.hasOwn(BADGES, kind) ? BADGES[kind] : [String(kind).slice(0, 4).toUpperCase(), "#334155"];
  return { text, color };
}
