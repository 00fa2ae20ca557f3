// The package's `exports` name an esbuild bundle of tsc's output (scripts/bundle-package.mjs at
// the repository's root says why): `import("@pkl-stream/stream")` ~230 -> ~87 ms with core's.
// Packages stay imports (core, msgpackr, p-map, fast-glob, stream-chain: their own files). Every
// output file sits in dist/bundle/ itself, the two worker scripts too, so that a pool finds its
// worker next to the file it runs from (`new URL("./worker.js", import.meta.url)` in
// merge/pool.ts and parallel/batch-pool.ts) wherever esbuild put the pool's code.
//
//   node scripts/bundle.mjs    (after tsc; `pnpm build` runs both)
import { build } from "esbuild";
import { bundlePackage } from "../../../scripts/bundle-package.mjs";

await bundlePackage(build, new URL("..", import.meta.url), {
  layout: "flat",
  extraEntries: ["dist/merge/worker.js", "dist/parallel/records-worker.js"],
  platform: "node",
  target: "node20",
  packages: "external",
});
