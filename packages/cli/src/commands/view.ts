import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCommandArgs, UsageError } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { VIEW_HELP } from "../help.js";
import { type Input, resolveInputs } from "../inputs.js";
import type { CliIo } from "../io.js";
import { reportError } from "../report-error.js";

const VIEW_OPTIONS = {
  port: { type: "string" },
  "no-open": { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Only this address: the page and the files are for this machine's user alone. */
const HOST = "127.0.0.1";

/**
 * Where the built page is: bundle/web/index.html when a build copies it beside the bundle, else
 * packages/web/dist/index.html of the workspace, from the CLI bundle (bundle/main.cjs, through
 * the injected import.meta.url) or from the tsc output (dist/commands/view.js).
 */
function findPage(): string | undefined {
  const candidates = ["./web/index.html", "../../web/dist/index.html", "../../../web/dist/index.html"];
  for (const candidate of candidates) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * `pkl-stream view [FILE...]`: serves the viewer page on 127.0.0.1 (a free port) and opens the
 * files in it. Every URL holds a random token, so another local user or a web page guessing the
 * port reads nothing; requests whose Host is not this server's (DNS rebinding) are refused.
 */
export async function runView(argv: string[], io: CliIo): Promise<number> {
  const isDebug = argv.includes("--debug");
  let inputs: Input[] = [];
  let port = 0;
  let isOpening = true;
  let page: string;
  try {
    const { values, positionals } = parseCommandArgs(argv, VIEW_OPTIONS);
    if (values.help === true) {
      io.stdout.write(VIEW_HELP);
      return EXIT.OK;
    }
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number 0-65535 (0: a free one), got "${values.port}"`);
    }
    isOpening = values["no-open"] !== true;
    if (positionals.includes("-")) throw new UsageError("view: name files (the page reads them from disk), not standard input");
    if (positionals.length > 0) inputs = await resolveInputs(positionals, io.cwd);
    const found = findPage();
    if (found === undefined) throw new Error("view: the page is not built (packages/web/dist/index.html): run the build first");
    page = found;
  } catch (error) {
    return reportError(error, undefined, io, isDebug);
  }
  const files = inputs.flatMap((input) => (input.kind === "file" ? [input] : []));
  const token = randomBytes(16).toString("hex");
  const html = await readFile(page);
  const listing = JSON.stringify(files.map((file, index) => ({ name: basename(file.name), url: `file/${index}` })));
  let serverPort = 0;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const host = request.headers.host ?? "";
    if (host !== `${HOST}:${serverPort}` && host !== `localhost:${serverPort}`) {
      response.writeHead(403, { "content-type": "text/plain" }).end("pkl-stream view: wrong Host\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const path = (request.url ?? "/").split("?")[0]!;
    const prefix = `/${token}/`;
    const route = path.startsWith(prefix) ? path.slice(prefix.length) : null;
    const common = { "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };
    if (route === "" || route === "index.html") {
      response.writeHead(200, { ...common, "content-type": "text/html; charset=utf-8", "content-length": html.length }).end(request.method === "HEAD" ? undefined : html);
      return;
    }
    if (route === "files.json") {
      response.writeHead(200, { ...common, "content-type": "application/json" }).end(listing);
      return;
    }
    const match = route === null ? null : /^file\/(\d+)$/.exec(route);
    const file = match === null ? undefined : files[Number(match[1])];
    if (file === undefined) {
      response.writeHead(404, { ...common, "content-type": "text/plain" }).end("pkl-stream view: open the address printed in the terminal\n");
      return;
    }
    void serveFile(file.path, request, response, common);
  });

  async function serveFile(path: string, request: IncomingMessage, response: ServerResponse, common: Record<string, string>): Promise<void> {
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain" }).end(`${(error as Error).message}\n`);
      return;
    }
    const stream = createReadStream(path);
    stream.once("open", () => {
      // The length lets the page's progress bar show how far it has read.
      response.writeHead(200, { ...common, "content-type": "application/octet-stream", "content-length": size });
      if (request.method === "HEAD") {
        stream.destroy();
        response.end();
      } else stream.pipe(response);
    });
    stream.once("error", (error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" }).end(`${error.message}\n`);
      else response.destroy();
    });
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, HOST, () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === "EADDRINUSE" ? `view: port ${port} is in use (leave out --port for a free one)` : `view: cannot listen on ${HOST}: ${String(error)}`;
    return reportError(new UsageError(message), undefined, io, isDebug);
  }
  serverPort = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${serverPort}/${token}/`;
  io.stdout.write(`pkl-stream view: ${url}\n`);
  io.stderr.write(`Serving the page${files.length > 0 ? ` and ${files.length} file${files.length === 1 ? "" : "s"}` : ""} on ${HOST} only. Ctrl-C stops.\n`);
  if (isOpening) openBrowser(url, io);

  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return EXIT.OK;
}

/** Opens `url` in the user's browser ($BROWSER, else the platform's opener); a failure only says so. */
function openBrowser(url: string, io: CliIo): void {
  const browser = io.env["BROWSER"];
  const [command, args] =
    browser !== undefined && browser !== ""
      ? [browser, [url]]
      : process.platform === "darwin"
        ? ["open", [url]]
        : process.platform === "win32"
          ? ["cmd", ["/c", "start", "", url]]
          : ["xdg-open", [url]];
  const child = spawn(command, args, { stdio: "ignore", detached: true });
  child.once("error", () => io.stderr.write(`pkl-stream view: could not start a browser (${command}): open the address above\n`));
  child.unref();
}
