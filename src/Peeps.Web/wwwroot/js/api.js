// The peeps-web HTTP API as the console uses it. Errors keep the server's own message:
// problem+json bodies carry it in `error` (upstream's member) and `detail`.

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

async function request(method, path, body) {
  const init = { method, headers: { accept: "application/json" } };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (failure) {
    throw new ApiError(0, `cannot reach peeps-web (${failure.message})`, null);
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const message = parsed?.error ?? parsed?.detail ?? parsed?.title ?? (text || response.statusText);
    throw new ApiError(response.status, message, parsed ?? text);
  }
  if (parsed === null && text) throw new ApiError(response.status, `unexpected non-JSON response from ${path}`, text);
  return parsed;
}

export const api = {
  connections: () => request("GET", "/api/connections"),
  startCut: () => request("POST", "/api/cuts", {}),
  cutStatus: (cutId) => request("GET", `/api/cuts/${encodeURIComponent(cutId)}`),
  snapshot: (timeoutMs) => request("POST", "/api/snapshot", timeoutMs ? { timeout_ms: timeoutMs } : {}),
  snapshots: () => request("GET", "/api/snapshots"),
  storedSnapshot: (id) => request("GET", `/api/snapshots/${encodeURIComponent(id)}`),
  sql: (sql) => request("POST", "/api/sql", { sql }),
  queryPack: (name, limit) => request("POST", "/api/query", { name, limit }),
};
