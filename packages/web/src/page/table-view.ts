import type { NodeInfo, NodePath } from "../protocol.js";
import { el } from "./dom.js";
import type { WorkerClient } from "./worker-client.js";

/** Rows per page of a DataFrame's table. */
const PAGE_ROWS = 50;

/** A pandas DataFrame as a table, one page of rows at a time, fetched from the worker. */
export function tableView(client: WorkerClient, fileId: number, record: number, path: NodePath, table: NonNullable<NodeInfo["table"]>): HTMLElement {
  const box = el("div", "frame");
  const bar = el("div", "frame-bar");
  const previous = el("button", "frame-previous", "◀");
  const next = el("button", "frame-next", "▶");
  const where = el("span", "frame-where");
  bar.append(previous, where, next);
  const grid = el("table", "frame-table");
  box.append(bar, grid);
  let start = 0;
  const show = async (first: number): Promise<void> => {
    start = first;
    const reply = await client.request({ type: "rows", id: fileId, record, path, start: first, count: PAGE_ROWS });
    if (reply.error !== null) {
      where.textContent = reply.error;
      return;
    }
    const head = el("tr", "frame-head");
    for (const name of ["", ...table.columns]) head.append(el("th", "frame-column", name));
    const rows = reply.rows.map((cells) => {
      const row = el("tr", "frame-row");
      row.append(...cells.map((text, i) => el(i === 0 ? "th" : "td", i === 0 ? "frame-label" : "frame-cell", text)));
      return row;
    });
    grid.replaceChildren(head, ...rows);
    const last = Math.min(table.rowCount, first + PAGE_ROWS);
    where.textContent = ` rows ${table.rowCount === 0 ? 0 : first + 1}-${last} of ${table.rowCount}, ${table.columns.length} columns `;
    previous.disabled = first === 0;
    next.disabled = last >= table.rowCount;
  };
  previous.addEventListener("click", () => void show(Math.max(0, start - PAGE_ROWS)));
  next.addEventListener("click", () => void show(start + PAGE_ROWS));
  void show(0);
  return box;
}
