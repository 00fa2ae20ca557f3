// Bundles the command into bundle/ with esbuild: the launcher (bin/pkl-stream.js) runs
// bundle/main.js. Node's ESM loader pays per module (resolve, read, compile): the tsc output is
// ~110 modules, and decoding a 1 KB pickle took ~200 ms of which ~80 ms went to loading them.
// A few chunks load in a fraction of that (numbers in bench/README.md, "CLI start-up").
//
//   node scripts/bundle.mjs            build bundle/
//   node scripts/bundle.mjs --analyze  also print what each chunk is made of (esbuild's metafile)
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { analyzeMetafile, build } from "esbuild";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/**
 * Third-party packages stay imports of node_modules (their own files, their own licences,
 * and fast-glob/pngjs load only when a glob or a PNG needs them). Each is a dependency of this
 * package too, since pnpm lets a package import only what it declares.
 */
const EXTERNAL_PACKAGES = ["fast-glob", "msgpackr", "p-map", "pngjs", "stream-chain"];

// Chunk names carry content hashes: clear the folder so old chunks do not pile up beside new ones.
rmSync(new URL("../bundle", import.meta.url), { recursive: true, force: true });

const result = await build({
  absWorkingDir: PACKAGE_DIR,
  entryPoints: {
    main: "src/main.ts",
    // The merge pool starts `new URL("./worker.js", import.meta.url)` relative to the chunk it
    // is bundled into, so the worker is an entry point of its own, in the same folder.
    worker: "../stream/src/merge/worker.ts",
  },
  outdir: "bundle",
  bundle: true,
  // Subcommands, writers and the merger stay dynamic imports: each becomes a chunk that loads
  // only when it runs. Chunks sit beside main.js (no subfolder), see `worker` above.
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Straight from the workspace's TypeScript sources, as tests do (no dist/ of core or stream).
  conditions: ["pkl-stream-source"],
  external: EXTERNAL_PACKAGES.flatMap((name) => [name, `${name}/*`]),
  metafile: true,
  logLevel: "warning",
});

if (process.argv.includes("--analyze")) {
  process.stdout.write(await analyzeMetafile(result.metafile, { verbose: true }));
}
