// Bundles the command with esbuild: the launcher (bin/pkl-stream.cjs) runs bundle/main.cjs.
// Start-up matters for a shell tool (issue 4: `--version` and a 1 KB decode well under 150 ms),
// and most of it went to loading code, not running it:
// - tsc's output is ~110 ES modules; Node's ESM loader pays per module (resolve, read, compile)
//   and the loader itself costs ~10 ms more than CommonJS's. One CommonJS file loads fastest.
// - compiling that file is the next cost (~15 ms for ~430 KB): a V8 code cache, made here by
//   running the command once on a small pickle, lets the launcher skip most of it.
// Figures in bench/README.md ("CLI start-up").
//
//   node scripts/bundle.mjs            build bundle/
//   node scripts/bundle.mjs --analyze  also print what the bundle is made of (esbuild's metafile)
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeMetafile, build } from "esbuild";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/**
 * Third-party packages stay requires of node_modules (their own files, their own licences; fast-glob,
 * msgpackr and pngjs load only when a command needs them). Each is a dependency of this package
 * too, since pnpm lets a package import only what it declares. p-map is bundled: it is ESM-only,
 * and a CommonJS bundle cannot require it.
 */
const EXTERNAL_PACKAGES = ["fast-glob", "msgpackr", "pngjs", "stream-chain"];

rmSync(new URL("../bundle", import.meta.url), { recursive: true, force: true });

const shared = {
  absWorkingDir: PACKAGE_DIR,
  bundle: true,
  platform: "node",
  target: "node20",
  // Straight from the workspace's TypeScript sources, as tests do (no dist/ of core or stream).
  conditions: ["pkl-stream-source"],
  external: EXTERNAL_PACKAGES.flatMap((name) => [name, `${name}/*`]),
  metafile: true,
  logLevel: "warning",
  // Whitespace and syntax minified, names kept (an internal error's stack still names its
  // functions): reading the bundle and making its source string was a fifth of a 1 KB decode's
  // start-up; 1.0 MB -> 0.67 MB took ~7 ms off it (bench/README.md "CLI start-up").
  minifyWhitespace: true,
  minifySyntax: true,
};

// The command: one CommonJS file. Subcommands stay lazy (esbuild runs a module's top level only
// when its dynamic import is reached); dynamic imports of packages become requires.
const main = await build({
  ...shared,
  entryPoints: { main: "src/main.ts" },
  outdir: "bundle",
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  supported: { "dynamic-import": false },
  define: { "import.meta.url": "importMetaUrl" },
  inject: ["scripts/import-meta-url.js"],
});

// The merge worker: started by the merge pool as `new URL("./worker.js", import.meta.url)` from
// main.cjs, so it lands beside it. An ES module (the package is "type": "module"); a worker's
// start-up is not on the shell's path.
const worker = await build({ ...shared, entryPoints: { worker: "../stream/src/merge/worker.ts" }, outdir: "bundle", format: "esm" });
// The records workers of `cat` (stream/src/parallel): started as `new URL("./records-worker.js", ...)`.
await build({ ...shared, entryPoints: { "records-worker": "../stream/src/parallel/records-worker.ts" }, outdir: "bundle", format: "esm" });
// The thread that reads a piped stdin (src/stdin): started from main.cjs as
// `new URL("./stdin-reader.cjs", ...)`. CommonJS and tiny: it starts while the command does.
await build({
  ...shared,
  entryPoints: { "stdin-reader": "src/stdin/reader-thread.ts" },
  outdir: "bundle",
  outExtension: { ".js": ".cjs" },
  format: "cjs",
});

copyViewerPage();
makeCodeCache();

if (process.argv.includes("--analyze")) {
  process.stdout.write(await analyzeMetafile(main.metafile, { verbose: true }));
  process.stdout.write(await analyzeMetafile(worker.metafile));
}

/**
 * `pkl-stream view` serves the browser viewer (packages/web, one self-contained index.html):
 * a copy beside the bundle goes into the packed package, so an installed command finds it
 * (turbo builds @pkl-stream/web first: it is a dev dependency of this package).
 */
function copyViewerPage() {
  const page = join(PACKAGE_DIR, "..", "web", "dist", "index.html");
  if (!existsSync(page)) throw new Error(`bundle: the viewer page is not built (${page}): build @pkl-stream/web first`);
  mkdirSync(join(PACKAGE_DIR, "bundle", "web"), { recursive: true });
  copyFileSync(page, join(PACKAGE_DIR, "bundle", "web", "index.html"));
}

/**
 * Runs the launcher once on a small pickle with PKL_STREAM_WRITE_CODE_CACHE set: at exit it
 * writes V8's code cache for bundle/main.cjs, including the functions that run for a decode.
 * A cache V8 rejects later (another Node version) only costs the compile it would have saved.
 */
function makeCodeCache() {
  const dir = mkdtempSync(join(tmpdir(), "pkl-stream-cache-"));
  try {
    const sample = join(dir, "sample.pkl");
    // {"a": [1, 2.5, "x"], "b": None}, protocol 4
    writeFileSync(
      sample,
      Uint8Array.from([
        0x80, 0x04, 0x95, 0x1d, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x28, 0x8c, 0x01, 0x61, 0x94, 0x5d, 0x94, 0x28, 0x4b, 0x01, 0x47, 0x40,
        0x04, 0, 0, 0, 0, 0, 0, 0x8c, 0x01, 0x78, 0x94, 0x65, 0x8c, 0x01, 0x62, 0x94, 0x4e, 0x75, 0x2e,
      ]),
    );
    const bin = join(PACKAGE_DIR, "bin", "pkl-stream.cjs");
    // V8 accepts a code cache only under the flags it was made with: one run as `node
    // bin/pkl-stream.cjs` (tests, bench, small files), one with the flag the launcher's line 2
    // passes for large files (it writes main.cjs.launched.cache).
    const flag = /F=(--[^;\s]+)/.exec(readFileSync(bin, "utf8").split("\n")[1] ?? "")?.[1];
    if (flag === undefined) throw new Error("bundle: no V8 flag found in line 2 of bin/pkl-stream.cjs");
    for (const flags of [[], [flag]]) {
      const result = spawnSync(process.execPath, [...flags, bin, sample], {
        env: { ...process.env, PKL_STREAM_WRITE_CODE_CACHE: "1" },
        encoding: "utf8",
      });
      if (result.status !== 0) throw new Error(`bundle: the code-cache run failed (${result.status}): ${result.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
