// Bundles tsc's output (dist/, ~135 ES modules) into a few files per entry point (dist/bundle/):
// the package's `exports` name these. Node's ESM loader pays per module (resolve, read, compile),
// so `import("@pkl-stream/core")` took ~105 ms from dist/ and ~32 ms from the bundle on our bench
// machine, a cost every library user pays before the first `loads`. Code splitting puts what
// several entry points share (the decoder, the value types, the errors) in shared chunks, so
// `@pkl-stream/core` and `@pkl-stream/core/internal` hand out the same classes (`instanceof`
// holds across them). Names are kept and source maps written, so stacks stay readable.
// Types stay tsc's (dist/**/*.d.ts).
//
//   node scripts/bundle.mjs    (after tsc; `pnpm build` runs both)
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
/** Every entry point of package.json's `exports`, as tsc wrote it. */
const ENTRY_POINTS = ["dist/index.js", "dist/engine/index.js", "dist/opcodes/index.js", "dist/disasm/index.js", "dist/json/index.js", "dist/internal.js"];

rmSync(new URL("../dist/bundle", import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: PACKAGE_DIR,
  entryPoints: ENTRY_POINTS,
  outbase: "dist",
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  // No Node APIs in core: it runs in browsers too.
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
});
