// `pkl-stream view`: the built command serves the page and the named files on 127.0.0.1 only.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VIEW_EXAMPLES, VIEW_HELP } from "../../packages/cli/src/help.js";
import { CLI_BIN, runCli } from "../cli/run-cli.js";
import { requirePython } from "../helpers/python.js";
import { fileSection, launchBrowser, makePickles, requireBrowser, TEST_OPTIONS, WAIT_MS } from "./browser.js";

interface Served {
  readonly child: ChildProcess;
  readonly url: URL;
  /** Resolves with the exit status. */
  readonly exited: Promise<number | null>;
}

/** Starts `pkl-stream ...args` and waits for the address it prints. */
function startView(args: readonly string[], cwd: string): Promise<Served> {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (data: Buffer) => (err += data.toString()));
    child.stdout!.on("data", (data: Buffer) => {
      out += data.toString();
      const match = /^pkl-stream view: (\S+)\n/.exec(out);
      if (match !== null) resolve({ child, url: new URL(match[1]!), exited });
    });
    child.once("exit", (code) => reject(new Error(`pkl-stream ${args.join(" ")} exited (${code}) before serving: ${err}`)));
  });
}

/** A GET with a chosen Host header (fetch does not let one set it). */
function get(url: URL, host = url.host): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.once("error", reject);
    req.end();
  });
}

/** Local addresses listening on `port`, from the kernel's socket tables (hex address:port as /proc writes them). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const found: string[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // st 0A: LISTEN
      if (fields[3] === "0A" && fields[1]?.endsWith(`:${hexPort}`)) found.push(fields[1]);
    }
  }
  return found;
}

async function stop(served: Served): Promise<number | null> {
  served.child.kill("SIGINT");
  return served.exited;
}

describe.runIf(requirePython() && requireBrowser())("pkl-stream view", TEST_OPTIONS, () => {
  let dir: string;
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    ({ dir } = makePickles());
    served = await startView(["view", "--no-open", "records.pkl", "hostile.pkl"], dir);
    browser = await launchBrowser();
  }, WAIT_MS * 2);

  afterAll(async () => {
    if (served !== undefined && served.child.exitCode === null) await stop(served);
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 only, on the port it prints", () => {
    expect(served.url.hostname).toBe("127.0.0.1");
    expect(listeningAddresses(Number(served.url.port))).toEqual([`0100007F:${Number(served.url.port).toString(16).toUpperCase().padStart(4, "0")}`]);
  });

  it("serves the page and the named files only under its random token", async () => {
    const page = await get(served.url);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain("<title>pkl-stream");
    const listing = await get(new URL("files.json", served.url));
    expect(JSON.parse(listing.body.toString())).toEqual([
      { name: "records.pkl", url: "file/0" },
      { name: "hostile.pkl", url: "file/1" },
    ]);
    expect((await get(new URL("file/0", served.url))).body.equals(readFileSync(join(dir, "records.pkl")))).toBe(true);
    expect((await get(new URL("/", served.url))).status).toBe(404);
    expect((await get(new URL(`/${"0".repeat(32)}/file/0`, served.url))).status).toBe(404);
  });

  it("refuses requests for another host name (DNS rebinding)", async () => {
    expect((await get(new URL("files.json", served.url), `evil.example:${served.url.port}`)).status).toBe(403);
  });

  it("opens the named files in the page", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(served.url.href);
    await fileSection(page, "records.pkl").and(page.locator('[data-state="done"]')).waitFor();
    expect(await fileSection(page, "records.pkl").locator(".progress-text").textContent()).toBe("read 5 records");
    const verdict = fileSection(page, "hostile.pkl").locator(".verdict");
    await verdict.and(page.locator('[data-final="true"]')).waitFor();
    expect(await verdict.getAttribute("data-verdict")).toBe("dangerous");
    await page.close();
  });

  it("stops on Ctrl-C with exit status 0", async () => {
    const other = await startView(["view", "--no-open"], dir);
    expect(await stop(other)).toBe(0);
  });

  it.each(VIEW_EXAMPLES)("serves as its help example says: $command", async ({ command }) => {
    copyFileSync(join(dir, "records.pkl"), join(dir, "events.pkl"));
    copyFileSync(join(dir, "hostile.pkl"), join(dir, "model.pkl"));
    const args = command.split(" ").slice(1);
    // Every example but one would start a browser: here only the address is wanted.
    const example = await startView(args.includes("--no-open") ? args : [args[0]!, "--no-open", ...args.slice(1)], dir);
    const names = args.filter((arg) => arg.includes(".pkl"));
    expect(JSON.parse((await get(new URL("files.json", example.url))).body.toString()).map((file: { name: string }) => file.name)).toEqual(names);
    expect(await stop(example)).toBe(0);
  });

  it("prints its help", () => {
    const result = runCli(["view", "--help"]);
    expect(result.status).toBe(0);
    expect(result.text).toBe(VIEW_HELP);
  });

  it("ends with status 2 and says so when a file is missing", () => {
    const result = runCli(["view", "--no-open", "no-such.pkl"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("no-such.pkl: no such file");
  });
});
