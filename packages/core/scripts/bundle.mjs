// The package's `exports` name an esbuild bundle of tsc's output (scripts/bundle-package.mjs at
// the repository's root says why): `import("@pkl-stream/core")` ~105 -> ~30 ms.
//
//   node scripts/bundle.mjs    (after tsc; `pnpm build` runs both)
import { build } from "esbuild";
import { bundlePackage } from "../../../scripts/bundle-package.mjs";

// No Node APIs in core: it runs in browsers too.
await bundlePackage(build, new URL("..", import.meta.url), { layout: "nested", platform: "neutral", target: "es2022" });
