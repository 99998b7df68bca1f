// A SQL result (columns, rows) as an HTML table. JSON-valued cells (bodies, meta) are shown compactly
// with the full value on hover.

import { h } from "./dom.js";
import { formatValue, truncate } from "./format.js";

const CELL_CHARS = 160;

function cell(value) {
  if (value === null || value === undefined) return h("td", { class: "null" }, "null");
  const text = formatValue(value);
  return h("td", { class: typeof value === "number" ? "number" : null, title: text.length > CELL_CHARS ? text : null }, truncate(text, CELL_CHARS));
}

export function renderResults(container, result) {
  const columns = result.columns ?? [];
  const rows = result.rows ?? [];
  container.replaceChildren(h("table", { class: "result-table" },
    h("thead", {}, h("tr", {}, columns.map((column) => h("th", { scope: "col" }, column)))),
    h("tbody", {}, rows.map((row) => h("tr", {}, row.map(cell))))));
}
