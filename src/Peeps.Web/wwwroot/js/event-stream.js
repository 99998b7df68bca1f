// Server-sent events read with fetch and a ReadableStream, so the request can carry the API key in its
// Authorization header (EventSource cannot send headers, and a key in the URL would end up in logs).
// Parses the text/event-stream format: `event:` and `data:` fields, `:` comments, a blank line ends an event.

import { authorizedFetch, errorOf } from "./api.js";

function parser(onEvent) {
  let type = "";
  let data = [];
  return (line) => {
    if (line === "") {
      if (data.length > 0) onEvent({ type: type || "message", data: data.join("\n") });
      type = "";
      data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") type = value;
    else if (field === "data") data.push(value);
  };
}

export function canStreamEvents() {
  return typeof ReadableStream !== "undefined" && typeof TextDecoderStream !== "undefined";
}

// Resolves when the server ends the stream; rejects when it cannot be opened (an ApiError with the server's
// message) or breaks.
export async function readEventStream(path, onEvent) {
  const response = await authorizedFetch(path, { headers: { accept: "text/event-stream" }, cache: "no-store" });
  if (!response.ok) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const feed = parser(onEvent);
  let pending = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const lines = (pending + value).split(/\r\n|\r|\n/);
    pending = lines.pop();
    for (const line of lines) feed(line);
  }
}
