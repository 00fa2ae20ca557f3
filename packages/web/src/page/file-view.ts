import { type FileSource, MAX_LISTED_RECORDS, type NodeInfo, type NodePath, type RecordRow, type VerdictReason } from "../protocol.js";
import { el, errorLine } from "./dom.js";
import { histogramView, picturesView } from "./pictures.js";
import { tableView } from "./table-view.js";
import { VirtualList } from "./virtual-list.js";
import type { WorkerClient } from "./worker-client.js";

/** Children fetched per request; a node with more shows them in a virtualised list. */
const PAGE = 200;
const RECORD_ROW_HEIGHT = 24;
const CHILD_ROW_HEIGHT = 20;

let nextId = 1;

/** The `--select` path of a child: `.` + `[3]` is `.[3]`, `.a` + `.b` is `.a.b`; set items have none. */
function joinPath(parent: string, step: string | null): string {
  if (step === null || parent.startsWith("(")) return "(no --select path: an item of a set, or a key too long to write)";
  if (parent === ".") return step.startsWith(".") ? step : `.${step}`;
  return parent + step;
}

function formatBytes(count: number): string {
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KB`;
  return `${(count / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * One file on the page: its progress, verdict, records (virtualised list) and, for the record
 * picked, a tree of its value, the node panel (path, pictures, histogram) and the disassembly.
 */
export class FileView {
  readonly element: HTMLElement;
  private readonly id = nextId++;
  /** The records listed: at most MAX_LISTED_RECORDS (the worker counts the rest). */
  private readonly rows: RecordRow[] = [];
  private recordCount = 0;
  private listNote: HTMLElement | null = null;
  private readonly progress: HTMLProgressElement;
  private readonly progressText: HTMLElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly verdict: HTMLElement;
  private readonly records: VirtualList;
  private readonly recordsBox: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly pathField: HTMLInputElement;
  private selectedRecord = -1;
  private selectedRow: HTMLElement | null = null;

  constructor(
    private readonly client: WorkerClient,
    readonly name: string,
    source: FileSource,
  ) {
    this.element = el("section", "file");
    this.element.dataset["name"] = name;
    this.element.dataset["state"] = "reading";
    const header = el("header", "file-header");
    this.progress = el("progress", "progress");
    this.progress.max = 1;
    this.progress.value = 0;
    this.progressText = el("span", "progress-text", "starting");
    this.cancelButton = el("button", "cancel", "Cancel");
    this.cancelButton.addEventListener("click", () => this.client.cancel(this.id));
    header.append(el("h2", "file-name", name), this.progress, this.progressText, this.cancelButton);
    this.verdict = el("div", "verdict");
    this.verdict.dataset["verdict"] = "pending";
    this.verdict.append(el("span", "verdict-label", "inspect: reading"));

    this.records = new VirtualList("records", RECORD_ROW_HEIGHT, (index) => this.recordRow(index));
    const recordsBox = el("div", "records-box");
    const recordsHead = el("div", "record-row record-head");
    for (const text of ["#", "offset", "size", "proto", "value"]) recordsHead.append(el("span", `col col-${text === "#" ? "index" : text}`, text));
    recordsBox.append(recordsHead, this.records.element);
    this.recordsBox = recordsBox;

    this.detail = el("div", "detail");
    this.detail.append(el("p", "hint", "Pick a record to see its value."));
    this.pathField = el("input", "select-path") as HTMLInputElement;
    this.pathField.readOnly = true;
    this.pathField.title = "The --select path of the node under the cursor";
    const copy = el("button", "copy-path", "Copy");
    copy.addEventListener("click", () => {
      void navigator.clipboard?.writeText(this.pathField.value).catch(() => {});
      this.pathField.select();
    });
    const pathBar = el("div", "path-bar");
    pathBar.append(el("span", "path-label", "--select "), this.pathField, copy);
    this.panel = el("div", "node-panel");
    const body = el("div", "file-body");
    const main = el("div", "file-main");
    main.append(recordsBox, this.detail);
    const side = el("div", "file-side");
    side.append(pathBar, this.panel);
    body.append(main, side);
    this.element.append(header, this.verdict, body);

    this.client.open(this.id, { type: "open", id: this.id, name, source }, (event) => {
      switch (event.type) {
        case "progress":
          this.onProgress(event.read, event.total, event.recordCount, event.records);
          return;
        case "worker-failed":
          this.onWorkerFailed(event.error);
          return;
        case "verdict":
          this.showVerdict(event.verdict, event.reasons, event.isFinal);
          return;
        case "done":
          this.element.dataset["state"] = event.state;
          this.cancelButton.disabled = true;
          this.progressText.textContent =
            `${event.state === "done" ? "read" : event.state === "cancelled" ? "cancelled after" : "stopped after"} ${this.recordCount} record${this.recordCount === 1 ? "" : "s"}` +
            `${event.isGzip ? " (gzip)" : ""}${event.error === null ? "" : `: ${event.error}`}`;
          if (event.state === "done") this.progress.value = 1;
          if (event.error !== null) this.element.append(el("p", "file-error", event.error));
          return;
      }
    });
  }

  /** A worker failed: said in the file's section; a file still being read will hear no more, so it stops here. */
  private onWorkerFailed(error: string): void {
    this.element.append(el("p", "file-error", error));
    if (this.element.dataset["state"] !== "reading") return;
    this.element.dataset["state"] = "error";
    this.cancelButton.disabled = true;
    this.progressText.textContent = `stopped after ${this.recordCount} record${this.recordCount === 1 ? "" : "s"}: ${error}`;
  }

  private onProgress(read: number, total: number | null, recordCount: number, rows: readonly RecordRow[]): void {
    if (total !== null && total > 0) this.progress.value = read / total;
    else this.progress.removeAttribute("value");
    this.recordCount = recordCount;
    this.progressText.textContent = `${formatBytes(read)}${total === null ? "" : ` of ${formatBytes(total)}`}, ${recordCount} records`;
    if (recordCount > MAX_LISTED_RECORDS) this.showListCap(recordCount);
    if (rows.length === 0) return;
    const isFirst = this.rows.length === 0;
    // A loop, not push(...rows): one message can carry more rows than a call has argument slots.
    for (const row of rows) this.rows.push(row);
    this.records.setCount(this.rows.length);
    this.records.element.style.height = `${Math.min(8, this.rows.length) * RECORD_ROW_HEIGHT + 4}px`;
    if (isFirst) void this.openRecord(0, null);
  }

  /** Past MAX_LISTED_RECORDS, records are counted, not listed: said under the list. */
  private showListCap(recordCount: number): void {
    if (this.listNote === null) {
      this.listNote = el("p", "list-cap");
      this.recordsBox.append(this.listNote);
    }
    this.listNote.textContent = `stopped listing at ${MAX_LISTED_RECORDS} records: the ${recordCount - MAX_LISTED_RECORDS} after them are read and audited, not listed`;
  }

  private showVerdict(verdict: string, reasons: readonly VerdictReason[], isFinal: boolean): void {
    this.verdict.dataset["verdict"] = verdict;
    this.verdict.dataset["final"] = String(isFinal);
    this.verdict.replaceChildren(el("span", "verdict-label", `inspect: ${verdict}${isFinal ? "" : " so far (reading)"}`));
    if (reasons.length === 0) return;
    const list = el("ul", "reasons");
    for (const reason of reasons) {
      const item = el("li", `reason reason-${reason.verdict}`);
      item.textContent = `${reason.verdict}: ${reason.reason} (record ${reason.record}, byte ${reason.offset}${reason.count > 1 ? `, ${reason.count} times` : ""})`;
      list.append(item);
    }
    this.verdict.append(list);
  }

  private recordRow(index: number): HTMLElement {
    const record = this.rows[index]!;
    const row = el("div", "record-row");
    if (index === this.selectedRecord) row.classList.add("selected");
    row.append(
      el("span", "col col-index", String(record.index)),
      el("span", "col col-offset", String(record.offset)),
      el("span", "col col-size", formatBytes(record.size)),
      el("span", "col col-proto", record.protocol === null ? "0-1" : String(record.protocol)),
      el("span", "col col-value", `${record.type}: ${record.preview}`),
    );
    row.addEventListener("click", () => void this.openRecord(index, row));
    return row;
  }

  private async openRecord(index: number, row: HTMLElement | null): Promise<void> {
    this.selectedRecord = index;
    this.selectedRow?.classList.remove("selected");
    row?.classList.add("selected");
    this.selectedRow = row;
    const record = this.rows[index]!;
    const head = el("div", "record-head-line");
    const disButton = el("button", "dis-button", "Disassembly");
    const dis = el("pre", "dis");
    dis.hidden = true;
    disButton.addEventListener("click", async () => {
      if (dis.hidden && dis.textContent === "") {
        disButton.disabled = true;
        try {
          const reply = await this.client.request({ type: "dis", id: this.id, record: index });
          dis.textContent = `offsets from the record's first byte (${record.offset} in the file)\n${reply.text}`;
        } catch (error) {
          dis.replaceChildren(errorLine(error));
        }
        disButton.disabled = false;
      }
      dis.hidden = !dis.hidden;
    });
    head.append(el("h3", "record-title", `record ${index}: byte ${record.offset}, ${formatBytes(record.size)}, protocol ${record.protocol ?? "0-1"}`), disButton);
    const tree = el("ul", "tree");
    this.detail.replaceChildren(head, dis, tree);
    let reply: { readonly node: NodeInfo | null };
    try {
      reply = await this.client.request({ type: "node", id: this.id, record: index, path: [] });
    } catch (error) {
      tree.append(errorLine(error));
      return;
    }
    if (reply.node === null || this.selectedRecord !== index) return;
    const root = this.treeItem(index, [], { ...reply.node, label: `record ${index}`, step: null }, ".");
    tree.append(root);
    this.showNode(index, [], reply.node, ".");
    // One level open: a record's top-level keys or items are what a reader looks for first.
    if (reply.node.childCount > 0) root.querySelector<HTMLElement>(".node-row")?.click();
  }

  /** One tree node: a row (toggle, label, type, summary) and, once opened, its children. */
  private treeItem(record: number, path: NodePath, node: NodeInfo, selectPath: string): HTMLElement {
    const item = el("li", "node");
    const row = el("div", `node-row${node.isPlaceholder ? " placeholder" : ""}`);
    const toggle = el("span", "toggle", node.childCount > 0 ? "▸" : " ");
    row.append(toggle, el("span", "node-label", node.label), el("span", "node-type", node.type), el("span", "node-summary", node.summary));
    item.append(row);
    row.addEventListener("mouseenter", () => (this.pathField.value = selectPath));
    row.addEventListener("click", () => {
      this.pathField.value = selectPath;
      this.showNode(record, path, node, selectPath);
      for (const selected of this.element.querySelectorAll(".node-row.selected")) selected.classList.remove("selected");
      row.classList.add("selected");
      if (node.childCount > 0) void toggleOpen();
    });
    let children: HTMLElement | null = null;
    const toggleOpen = async (): Promise<void> => {
      if (children !== null) {
        children.hidden = !children.hidden;
        toggle.textContent = children.hidden ? "▸" : "▾";
        return;
      }
      toggle.textContent = "▾";
      if (node.childCount > PAGE) {
        children = this.longChildren(record, path, node, selectPath);
        item.append(children);
        return;
      }
      children = el("ul", "children");
      item.append(children);
      await this.loadChildren(record, path, selectPath, children);
    };
    return item;
  }

  /** The children of a short node (at most PAGE), as tree items. */
  private async loadChildren(record: number, path: NodePath, selectPath: string, into: HTMLElement): Promise<void> {
    let reply: { readonly nodes: readonly NodeInfo[] };
    try {
      reply = await this.client.request({ type: "children", id: this.id, record, path, start: 0, count: PAGE });
    } catch (error) {
      into.append(errorLine(error));
      return;
    }
    reply.nodes.forEach((child, offset) => {
      into.append(this.treeItem(record, [...path, offset], child, joinPath(selectPath, child.step)));
    });
  }

  /**
   * The children of a long list, dict or array (more than PAGE): a virtualised list of one-line
   * rows, fetched PAGE at a time as they scroll into view. A row with children opens its own
   * tree below the list.
   */
  private longChildren(record: number, path: NodePath, node: NodeInfo, selectPath: string): HTMLElement {
    const box = el("li", "long-children");
    const pages = new Map<number, Promise<readonly NodeInfo[]>>();
    const focus = el("ul", "children focus");
    const pageOf = (first: number): Promise<readonly NodeInfo[]> => {
      let page = pages.get(first);
      if (page === undefined) {
        page = this.client.request({ type: "children", id: this.id, record, path, start: first, count: PAGE }).then((reply) => reply.nodes);
        pages.set(first, page);
      }
      return page;
    };
    const list = new VirtualList("child-list", CHILD_ROW_HEIGHT, (index) => {
      const row = el("div", "node-row child-row");
      row.append(el("span", "node-label", String(index)), el("span", "node-type", "…"));
      const showError = (error: unknown): void => row.replaceChildren(errorLine(error));
      void pageOf(index - (index % PAGE)).then((nodes) => {
        const child = nodes[index % PAGE];
        if (child === undefined) return;
        const childPath = joinPath(selectPath, child.step);
        row.replaceChildren(el("span", "toggle", child.childCount > 0 ? "▸" : " "), el("span", "node-label", child.label), el("span", "node-type", child.type), el("span", "node-summary", child.summary));
        row.classList.toggle("placeholder", child.isPlaceholder);
        row.addEventListener("mouseenter", () => (this.pathField.value = childPath));
        row.addEventListener("click", () => {
          this.showNode(record, [...path, index], child, childPath);
          for (const selected of this.element.querySelectorAll(".node-row.selected")) selected.classList.remove("selected");
          row.classList.add("selected");
          // Its own subtree, opened below the list.
          focus.replaceChildren();
          if (child.childCount > 0) {
            const item = this.treeItem(record, [...path, index], { ...child, label: `[${index}]` }, childPath);
            focus.append(item);
            item.querySelector<HTMLElement>(".node-row")?.click();
          }
        });
      }, showError);
      return row;
    });
    list.element.style.height = `${Math.min(node.childCount, 16) * CHILD_ROW_HEIGHT + 4}px`;
    list.setCount(node.childCount);
    box.append(list.element, focus);
    return box;
  }

  /** The side panel for a node: what it is, its pictures or histogram. */
  private showNode(record: number, path: NodePath, node: NodeInfo, selectPath: string): void {
    this.pathField.value = selectPath;
    const title = el("div", "node-title");
    title.append(el("span", "node-type", node.type), el("span", "node-summary", ` ${node.summary}`));
    this.panel.replaceChildren(title);
    if (node.isPlaceholder) this.panel.append(el("p", "placeholder-note", `${node.type} is a class or function pkl-stream does not rebuild: shown as the pickle describes it (arguments, state), nothing of it ran.`));
    const array = node.array;
    if (array !== null) {
      this.panel.append(el("div", "array-meta", `dtype ${array.dtype}, shape ${array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(", ")})`}`));
      if (array.isNumeric) this.panel.append(picturesView(this.client, this.id, record, path, array));
      if (array.histogram !== null) this.panel.append(histogramView(array.histogram));
    } else if (node.histogram !== null) {
      this.panel.append(histogramView(node.histogram));
    }
    if (node.table !== null) this.panel.append(tableView(this.client, this.id, record, path, node.table));
  }
}
