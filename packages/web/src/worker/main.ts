// The decoding worker: one FileSession per open file. Built as a classic script (not a module
// worker) and started from a blob URL, so the page works from file:// too. The page starts the same
// script twice: a decoder and an auditor, joined by a MessagePort (a nested worker from a blob URL is
// refused on file:// pages). The audit of what loading each record would do, as costly as decoding,
// so runs on another core while the decoder goes on.
import type { FromWorker, ToWorker } from "../protocol.js";
import { auditBatch } from "./audit-batch.js";
import { type Auditor, FileSession } from "./session.js";
import { errorText } from "./text.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const sessions = new Map<number, FileSession>();
const post = (message: FromWorker, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);

/** Sends batches to the audit worker through the port the page gave; audits here until there is one. */
class PortAuditor implements Auditor {
  port: MessagePort | null = null;

  submit(id: number, batch: number, bytes: Uint8Array, first: number, start: number): void {
    if (this.port === null) {
      setTimeout(() => sessions.get(id)?.audited(auditBatch(bytes, first, start)), 0);
      return;
    }
    this.port.postMessage({ type: "audit", id, batch, bytes, first, start } satisfies ToWorker, [bytes.buffer]);
  }
}

const auditor = new PortAuditor();

function connect(role: "decoder" | "auditor", port: MessagePort): void {
  if (role === "decoder") {
    auditor.port = port;
    port.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === "audited") sessions.get(message.id)?.audited(message.audit);
    };
    return;
  }
  port.onmessage = (event: MessageEvent<ToWorker>) => {
    const message = event.data;
    if (message.type !== "audit") return;
    port.postMessage({ type: "audited", id: message.id, batch: message.batch, audit: auditBatch(message.bytes, message.first, message.start) } satisfies FromWorker);
  };
}

// Every message is answered, even when handling it throws: the page waits for a request's reply,
// so an exception becomes an error reply for that request (the page shows it) instead of silence.
scope.onmessage = (event) => {
  const message = event.data;
  try {
    handle(event, message);
  } catch (error) {
    if ("req" in message) post({ type: "error", req: message.req, error: errorText(error) });
    else if (message.type === "open") post({ type: "done", id: message.id, state: "error", error: errorText(error), isGzip: false });
    else throw error;
  }
};

function handle(event: MessageEvent<ToWorker>, message: ToWorker): void {
  if (message.type === "port") {
    const port = event.ports[0];
    if (port !== undefined) connect(message.role, port);
    return;
  }
  if (message.type === "open") {
    const session = new FileSession(message.id, post, auditor);
    sessions.set(message.id, session);
    const id = message.id;
    session.read(message.source).catch((error: unknown) => post({ type: "done", id, state: "error", error: errorText(error), isGzip: false }));
    return;
  }
  const session = sessions.get(message.id);
  if (session === undefined) return;
  switch (message.type) {
    case "cancel":
      session.cancel();
      return;
    case "children":
      session.children(message.req, message.record, message.path, message.start, message.count);
      return;
    case "node":
      session.node(message.req, message.record, message.path);
      return;
    case "pixels":
      session.pixels(message.req, message.record, message.path, message.shape, message.start, message.count, message.maxSide);
      return;
    case "dis":
      session.dis(message.req, message.record);
      return;
    case "rows":
      session.rows(message.req, message.record, message.path, message.start, message.count, message.columnStart, message.columnCount);
      return;
  }
}
