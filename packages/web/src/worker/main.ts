// The decoding worker: one FileSession per open file. Built as a classic script (not a module
// worker) and started from a blob URL, so the page works from file:// too.
import type { FromWorker, ToWorker } from "../protocol.js";
import { FileSession } from "./session.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const sessions = new Map<number, FileSession>();
const post = (message: FromWorker, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "open") {
    const session = new FileSession(message.id, post);
    sessions.set(message.id, session);
    void session.read(message.source);
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
      session.pixels(message.req, message.record, message.path, message.shape, message.start, message.count);
      return;
    case "dis":
      session.dis(message.req, message.record);
      return;
  }
};
