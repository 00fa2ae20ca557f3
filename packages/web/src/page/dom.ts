/** A new element with a class and, optionally, its text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A line that says a request to the worker failed, shown where its answer would have been. */
export function errorLine(error: unknown): HTMLElement {
  return el("p", "request-error", `error: ${error instanceof Error ? error.message : String(error)}`);
}
