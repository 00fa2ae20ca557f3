import type { NodeInfo, NodePath } from "../protocol.js";
import { el, errorLine } from "./dom.js";
import type { WorkerClient } from "./worker-client.js";

/** Rows per page of a DataFrame's table. */
const PAGE_ROWS = 50;
/** Columns per page: a frame can have 200,000 columns, and a page of rows must stay a few thousand cells. */
const PAGE_COLUMNS = 50;

type Table = NonNullable<NodeInfo["table"]>;

/** The table's rows: a header of column names, then per row its index label and cells. Loops, not spreads: no argument limit. */
function tableBody(columns: readonly string[], rows: readonly (readonly string[])[]): HTMLElement[] {
  const head = el("tr", "frame-head");
  head.append(el("th", "frame-column", ""));
  for (const name of columns) head.append(el("th", "frame-column", name));
  const body: HTMLElement[] = [head];
  for (const cells of rows) {
    const row = el("tr", "frame-row");
    for (let i = 0; i < cells.length; i++) row.append(el(i === 0 ? "th" : "td", i === 0 ? "frame-label" : "frame-cell", cells[i]!));
    body.push(row);
  }
  return body;
}

/** Where the table is: " rows 1-50 of 120, 2 columns ", with the columns' range too when they are paged. */
function whereText(table: Table, first: number, firstColumn: number): string {
  const last = Math.min(table.rowCount, first + PAGE_ROWS);
  const rows = `rows ${table.rowCount === 0 ? 0 : first + 1}-${last} of ${table.rowCount}`;
  if (table.columnCount <= PAGE_COLUMNS) return ` ${rows}, ${table.columnCount} columns `;
  return ` ${rows}, columns ${firstColumn + 1}-${Math.min(table.columnCount, firstColumn + PAGE_COLUMNS)} of ${table.columnCount} `;
}

/** A pandas DataFrame as a table, one page of rows and of columns at a time, fetched from the worker. */
export function tableView(client: WorkerClient, fileId: number, record: number, path: NodePath, table: Table): HTMLElement {
  const box = el("div", "frame");
  const bar = el("div", "frame-bar");
  const previous = el("button", "frame-previous", "◀");
  const next = el("button", "frame-next", "▶");
  const left = el("button", "frame-columns-previous", "◀ columns");
  const right = el("button", "frame-columns-next", "columns ▶");
  const where = el("span", "frame-where");
  bar.append(previous, where, next);
  if (table.columnCount > PAGE_COLUMNS) bar.append(left, right);
  const grid = el("table", "frame-table");
  box.append(bar, grid);
  let start = 0;
  let columnStart = 0;
  const show = async (first: number, firstColumn: number): Promise<void> => {
    start = first;
    columnStart = firstColumn;
    let reply: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly error: string | null };
    try {
      reply = await client.request({ type: "rows", id: fileId, record, path, start: first, count: PAGE_ROWS, columnStart: firstColumn, columnCount: PAGE_COLUMNS });
    } catch (error) {
      grid.replaceChildren(errorLine(error));
      return;
    }
    if (reply.error !== null) {
      where.textContent = reply.error;
      return;
    }
    grid.replaceChildren(...tableBody(reply.columns, reply.rows));
    where.textContent = whereText(table, first, firstColumn);
    previous.disabled = first === 0;
    next.disabled = first + PAGE_ROWS >= table.rowCount;
    left.disabled = firstColumn === 0;
    right.disabled = firstColumn + PAGE_COLUMNS >= table.columnCount;
  };
  previous.addEventListener("click", () => void show(Math.max(0, start - PAGE_ROWS), columnStart));
  next.addEventListener("click", () => void show(start + PAGE_ROWS, columnStart));
  left.addEventListener("click", () => void show(start, Math.max(0, columnStart - PAGE_COLUMNS)));
  right.addEventListener("click", () => void show(start, columnStart + PAGE_COLUMNS));
  void show(0, 0);
  return box;
}
