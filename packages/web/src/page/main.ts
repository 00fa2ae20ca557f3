// The page: a file picker and a drop zone; each file read in the worker and shown as a FileView.
// Nothing is uploaded: files are read where they are (File.stream()), or from the `pkl-stream view`
// server on 127.0.0.1 that opened the page.
import { el } from "./dom.js";
import { FileView } from "./file-view.js";
import { WorkerClient } from "./worker-client.js";

const client = new WorkerClient();
const files = document.getElementById("files")!;
const input = document.getElementById("file-input") as HTMLInputElement;
const drop = document.getElementById("drop")!;

function openFiles(list: Iterable<File>): void {
  for (const file of list) files.prepend(new FileView(client, file.name, { kind: "file", file }).element);
}

input.addEventListener("change", () => {
  if (input.files !== null) openFiles([...input.files]);
  input.value = "";
});
for (const type of ["dragenter", "dragover"]) {
  drop.addEventListener(type, (event) => {
    event.preventDefault();
    drop.classList.add("dragging");
  });
}
drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("dragging");
  if (event.dataTransfer !== null) openFiles([...event.dataTransfer.files]);
});
// Dropping a file anywhere else must not navigate away from the page.
window.addEventListener("dragover", (event) => event.preventDefault());
window.addEventListener("drop", (event) => event.preventDefault());

/** Served by `pkl-stream view`: the files named on its command line, listed beside the page. */
async function openServedFiles(): Promise<void> {
  if (!location.protocol.startsWith("http")) return;
  const response = await fetch(new URL("files.json", location.href));
  if (!response.ok) return;
  const served = (await response.json()) as { name: string; url: string }[];
  for (const file of served) {
    files.append(new FileView(client, file.name, { kind: "url", url: new URL(file.url, location.href).href }).element);
  }
}
openServedFiles().catch((error: unknown) => {
  files.append(el("p", "file-error", `could not list the served files: ${error instanceof Error ? error.message : String(error)}`));
});
