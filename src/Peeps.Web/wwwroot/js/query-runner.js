// The queries tab: run a query pack or free read-only SQL, show rows, or show the error exactly as the
// server reported it.

import { api } from "./api.js";
import { byId, h } from "./dom.js";
import { QUERY_PACKS } from "./query-packs.js";
import { renderResults } from "./results-table.js";

export class QueryRunner {
  constructor() {
    this.packName = byId("pack-name");
    this.packLimit = byId("pack-limit");
    this.packDescription = byId("pack-description");
    this.sqlText = byId("sql-text");
    this.error = byId("query-error");
    this.summary = byId("query-summary");
    this.results = byId("query-results");

    this.packName.replaceChildren(...QUERY_PACKS.map((pack) => h("option", { value: pack.name }, pack.name)));
    const describe = () => {
      this.packDescription.textContent = QUERY_PACKS.find((p) => p.name === this.packName.value)?.description ?? "";
    };
    this.packName.addEventListener("change", describe);
    describe();

    byId("pack-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const limit = Number.parseInt(this.packLimit.value, 10);
      this.run(`query pack ${this.packName.value}`, () => api.queryPack(this.packName.value, Number.isFinite(limit) ? limit : undefined));
    });
    byId("sql-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.run("SQL", () => api.sql(this.sqlText.value));
    });
    this.sqlText.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        byId("sql-form").requestSubmit();
      }
    });
  }

  async run(label, call) {
    this.error.hidden = true;
    this.summary.textContent = `running ${label}…`;
    const started = performance.now();
    try {
      const result = await call();
      const elapsed = Math.round(performance.now() - started);
      const count = result.row_count ?? result.rows?.length ?? 0;
      this.summary.textContent = `${label}: ${count} row${count === 1 ? "" : "s"} in ${elapsed} ms`;
      renderResults(this.results, result);
    } catch (error) {
      this.summary.textContent = `${label} failed`;
      this.results.replaceChildren();
      this.error.hidden = false;
      this.error.textContent = error.status ? `${error.message}\n(HTTP ${error.status})` : error.message;
    }
  }
}
