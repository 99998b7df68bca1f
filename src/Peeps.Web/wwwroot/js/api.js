// The peeps-web HTTP API as the console uses it. Errors keep the server's own message:
// problem+json bodies carry it in `error` (upstream's member) and `detail`. When the server requires an API
// key, every call carries it, and a 401 asks for it and retries.

import { apiKeyRejected, authorizationFor, currentApiKey } from "./api-key.js";

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

async function readBody(response) {
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  const message = parsed?.error ?? parsed?.detail ?? parsed?.title ?? (text || response.statusText);
  return { text, parsed, message };
}

export async function errorOf(response) {
  const { text, parsed, message } = await readBody(response);
  return new ApiError(response.status, message, parsed ?? text);
}

// fetch with the API key; a 401 waits for a key (asking the user) and sends the request again.
// Any other answer, successful or not, is returned as is.
export async function authorizedFetch(path, init = {}) {
  for (;;) {
    const key = currentApiKey();
    let response;
    try {
      response = await fetch(path, { ...init, headers: { ...init.headers, ...authorizationFor(key) } });
    } catch (failure) {
      throw new ApiError(0, `cannot reach peeps-web (${failure.message})`, null);
    }
    if (response.status !== 401) return response;
    const { message } = await readBody(response);
    await apiKeyRejected(key, message);
  }
}

async function request(method, path, body) {
  const init = { method, headers: { accept: "application/json" } };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await authorizedFetch(path, init);
  const { text, parsed, message } = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, message, parsed ?? text);
  if (parsed === null && text) throw new ApiError(response.status, `unexpected non-JSON response from ${path}`, text);
  return parsed;
}

export const api = {
  connections: () => request("GET", "/api/connections"),
  processes: () => request("GET", "/api/processes"),
  startCut: () => request("POST", "/api/cuts", {}),
  cutStatus: (cutId) => request("GET", `/api/cuts/${encodeURIComponent(cutId)}`),
  snapshot: (timeoutMs) => request("POST", "/api/snapshot", timeoutMs ? { timeout_ms: timeoutMs } : {}),
  snapshots: () => request("GET", "/api/snapshots"),
  storedSnapshot: (id) => request("GET", `/api/snapshots/${encodeURIComponent(id)}`),
  diagnosis: (id) => request("GET", `/api/snapshots/${encodeURIComponent(id)}/diagnosis`),
  waitChain: (id, connId, entityId) => request("GET",
    `/api/snapshots/${encodeURIComponent(id)}/wait-chain?${new URLSearchParams({ conn_id: String(connId), entity_id: entityId })}`),
  diff: (fromId, toId) => request("GET", `/api/snapshots/${encodeURIComponent(fromId)}/diff/${encodeURIComponent(toId)}`),
  graphAt: (atNs) => request("GET", `/api/graph?${new URLSearchParams({ at: String(atNs) })}`),
  graphDiagnosis: (atNs) => request("GET", `/api/graph/diagnosis?${new URLSearchParams({ at: String(atNs) })}`),
  graphWaitChain: (atNs, connId, entityId) => request("GET",
    `/api/graph/wait-chain?${new URLSearchParams({ at: String(atNs), conn_id: String(connId), entity_id: entityId })}`),
  timeline: () => request("GET", "/api/graph/timeline"),
  sql: (sql) => request("POST", "/api/sql", { sql }),
  queryPack: (name, limit) => request("POST", "/api/query", { name, limit }),
};
