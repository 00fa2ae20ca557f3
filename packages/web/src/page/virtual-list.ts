/**
 * A scrolling list that keeps only the rows in view (plus a margin) in the DOM: a million records
 * or 50000 pictures cost as much as the screenful that shows. Rows are laid out in a grid of
 * `columns` per line, each line `lineHeight` pixels high.
 */
export class VirtualList {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private count = 0;
  private isScheduled = false;
  private readonly shown = new Map<number, HTMLElement>();

  constructor(
    className: string,
    private lineHeight: number,
    private readonly renderItem: (index: number) => HTMLElement,
    private columns: (width: number) => number = () => 1,
    /** Called with the range of items about to be shown, before they are made. */
    private readonly onRange: (start: number, end: number) => void = () => {},
  ) {
    this.element = document.createElement("div");
    this.element.className = `virtual-list ${className}`;
    this.spacer = document.createElement("div");
    this.spacer.className = "virtual-spacer";
    this.element.append(this.spacer);
    this.element.addEventListener("scroll", () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  setCount(count: number): void {
    this.count = count;
    this.schedule();
  }

  /** Drops every shown row (their content changed) and draws again. */
  reset(count: number, lineHeight = this.lineHeight, columns = this.columns): void {
    for (const row of this.shown.values()) row.remove();
    this.shown.clear();
    this.lineHeight = lineHeight;
    this.columns = columns;
    this.element.scrollTop = 0;
    this.setCount(count);
  }

  schedule(): void {
    if (this.isScheduled) return;
    this.isScheduled = true;
    requestAnimationFrame(() => {
      this.isScheduled = false;
      this.render();
    });
  }

  private render(): void {
    const width = this.element.clientWidth || 600;
    const columns = Math.max(1, this.columns(width));
    const lines = Math.ceil(this.count / columns);
    this.spacer.style.height = `${lines * this.lineHeight}px`;
    const top = this.element.scrollTop;
    const height = this.element.clientHeight || 400;
    const firstLine = Math.max(0, Math.floor(top / this.lineHeight) - 2);
    const lastLine = Math.min(lines, Math.ceil((top + height) / this.lineHeight) + 2);
    const start = firstLine * columns;
    const end = Math.min(this.count, lastLine * columns);
    for (const [index, row] of this.shown) {
      if (index < start || index >= end) {
        row.remove();
        this.shown.delete(index);
      }
    }
    this.onRange(start, end);
    const cellWidth = width / columns;
    for (let index = start; index < end; index++) {
      if (this.shown.has(index)) continue;
      const row = this.renderItem(index);
      row.style.position = "absolute";
      row.style.top = `${Math.floor(index / columns) * this.lineHeight}px`;
      if (columns > 1) row.style.left = `${(index % columns) * cellWidth}px`;
      else row.style.left = "0";
      row.dataset["index"] = String(index);
      this.shown.set(index, row);
      this.element.append(row);
    }
  }
}
