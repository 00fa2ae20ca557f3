// Bundles tsc's output (dist/, ~55 ES modules) into a few files (dist/bundle/), which the
// package's `exports` name: Node's ESM loader pays per module, and importing the package took
// ~110 ms of its own before the first record (core's bundle, packages/core/scripts/bundle.mjs,
// says more). Packages stay imports (core, msgpackr, p-map, fast-glob, stream-chain: their own
// files). Every output file sits in dist/bundle/ itself, the two worker scripts too, so that a
// pool finds its worker next to the file it runs from (`new URL("./worker.js", import.meta.url)`
// in merge/pool.ts and parallel/batch-pool.ts) wherever esbuild put the pool's code.
//
//   node scripts/bundle.mjs    (after tsc; `pnpm build` runs both)
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
/** tsc's file for each entry of package.json's `exports`, whose "default" is dist/bundle/[name].js. */
const EXPORTED = [
  "dist/index.js",
  "dist/sources.js",
  "dist/output-file.js",
  "dist/json-bytes.js",
  "dist/msgpack-bytes.js",
  "dist/writers/ndjson.js",
  "dist/writers/json.js",
  "dist/writers/msgpack.js",
];
const WORKERS = ["dist/merge/worker.js", "dist/parallel/records-worker.js"];

rmSync(new URL("../dist/bundle", import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: PACKAGE_DIR,
  entryPoints: [...EXPORTED, ...WORKERS],
  entryNames: "[name]",
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
