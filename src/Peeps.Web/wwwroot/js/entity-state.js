// What an entity body means to a person: its kind, a one-line state, and how alarming that state is.
// Bodies follow the wire model: "future" or a one-key object { variant: fields }. Variants this console
// does not know yet still show, with their fields as the state, because the model grows faster than UIs.

// Fill ratio at which a bounded buffer or semaphore is called "near full".
const NEAR_FULL = 0.8;

// The node's badge already says LOCK, so the state names only the flavour.
const LOCK_KINDS = { mutex: "mutex", rw_lock: "rw lock", other: "other" };

export function entityKind(body) {
  if (typeof body === "string") return body;
  if (body && typeof body === "object") return Object.keys(body)[0] ?? "unknown";
  return "unknown";
}

function bodyFields(body) {
  if (!body || typeof body !== "object") return {};
  const value = Object.values(body)[0];
  return value && typeof value === "object" ? value : { value };
}

function fillLevel(used, max) {
  if (!Number.isFinite(used) || !Number.isFinite(max) || max <= 0) return "ok";
  if (used >= max) return "full";
  return used / max >= NEAR_FULL ? "near" : "ok";
}

function closedCause(lifecycle) {
  if (lifecycle && typeof lifecycle === "object" && "closed" in lifecycle) return lifecycle.closed;
  return null;
}

function describeChannel(fields) {
  const cause = closedCause(fields.lifecycle);
  const details = fields.details ?? {};
  const flavor = typeof details === "string" ? details : Object.keys(details)[0] ?? "channel";
  const inner = typeof details === "object" ? details[flavor] : null;
  // Only an object can be asked what it has ("in" throws on a string or a number).
  const info = inner && typeof inner === "object" ? inner : {};
  const parts = [flavor];
  let level = "ok";
  let fill = null;
  if ("buffer" in info) {
    const buffer = info.buffer;
    if (buffer) {
      const capacity = buffer.capacity ?? null;
      fill = { occupancy: buffer.occupancy, capacity };
      parts.push(`${buffer.occupancy}/${capacity ?? "∞"}`);
      if (capacity !== null) level = fillLevel(buffer.occupancy, capacity);
    }
  } else if ("state" in info) {
    parts.push(String(info.state));
  } else if ("last_update_at" in info) {
    parts.push(info.last_update_at === null ? "never updated" : `updated at ${info.last_update_at}ms`);
  }
  if (cause) {
    parts.push(`closed: ${String(cause).replaceAll("_", " ")}`);
    if (level === "ok") level = "closed";
  } else {
    parts.push("open");
  }
  return { state: parts.join(" · "), level, fill };
}

function describeFields(kind, fields) {
  switch (kind) {
    case "channel_tx":
    case "channel_rx":
      return describeChannel(fields);
    case "lock":
      // An own-property check: a kind such as "toString" must not name a member of Object.prototype.
      return { state: Object.hasOwn(LOCK_KINDS, fields.kind) ? LOCK_KINDS[fields.kind] : String(fields.kind ?? "?"), level: "ok" };
    case "semaphore": {
      const used = fields.handed_out_permits;
      const max = fields.max_permits;
      return { state: `permits ${used}/${max} handed out`, level: fillLevel(used, max), fill: { occupancy: used, capacity: max } };
    }
    case "notify":
      return { state: `${fields.waiter_count} waiting`, level: "ok" };
    case "once_cell":
      return { state: `${fields.state} · ${fields.waiter_count} waiting`, level: "ok" };
    case "command":
      return { state: [fields.program, ...(fields.args ?? [])].join(" "), level: "ok" };
    case "file_op":
      return { state: `${fields.op} ${fields.path}`, level: "ok" };
    case "net_connect":
    case "net_accept":
    case "net_read":
    case "net_write":
      return { state: String(fields.addr ?? ""), level: "ok" };
    case "request":
      return { state: `${fields.method} ${fields.args_preview ?? ""}`.trim(), level: "ok" };
    case "response": {
      const status = String(fields.status ?? "?");
      const level = status === "error" ? "error" : status === "cancelled" ? "closed" : "ok";
      return { state: `${fields.method} → ${status}`, level };
    }
    default: {
      const text = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(" ");
      return { state: text, level: "ok" };
    }
  }
}

export function describeEntity(entity, ptimeNowMs) {
  const kind = entityKind(entity.body);
  const described = kind === "future" ? { state: "", level: "ok" } : describeFields(kind, bodyFields(entity.body));
  const age = Number.isFinite(ptimeNowMs) && Number.isFinite(entity.birth) ? ptimeNowMs - entity.birth : null;
  return { kind, state: described.state, level: described.level, fill: described.fill ?? null, ageMs: age };
}

export function flattenBody(body) {
  if (typeof body === "string") return [["variant", body]];
  const kind = entityKind(body);
  const rows = [["variant", kind]];
  const walk = (prefix, value) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(prefix ? `${prefix}.${key}` : key, inner);
    } else {
      rows.push([prefix, value]);
    }
  };
  walk("", bodyFields(body));
  return rows;
}
