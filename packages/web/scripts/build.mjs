// Builds the page: dist/index.html, one self-contained file (script, worker and styles inlined),
// so it opens offline from file:// as well as from `pkl-stream view` or any static host.
// The worker is bundled first, as a classic script; the page starts it from a blob URL (browsers
// refuse module workers and workers from files beside a file:// page).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const shared = {
  absWorkingDir: PACKAGE_DIR,
  bundle: true,
  write: false,
  format: "iife",
  platform: "browser",
  target: "chrome110",
  // Straight from the workspace's TypeScript sources, as the CLI bundle does.
  conditions: ["pkl-stream-source"],
  minify: true,
  logLevel: "warning",
};

const worker = await build({ ...shared, entryPoints: ["src/worker/main.ts"] });
const page = await build({
  ...shared,
  entryPoints: ["src/page/main.ts"],
  define: { __WORKER_SOURCE__: JSON.stringify(worker.outputFiles[0].text) },
});
// `</script` inside the inlined code would end the script element early.
const script = page.outputFiles[0].text.replaceAll("</script", "<\\/script");
const style = readFileSync(new URL("../src/style.css", import.meta.url), "utf8");
const html = readFileSync(new URL("../src/index.html", import.meta.url), "utf8")
  .replace("/*STYLE*/", () => style)
  .replace("/*SCRIPT*/", () => script);
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
mkdirSync(new URL("../dist", import.meta.url));
writeFileSync(new URL("../dist/index.html", import.meta.url), html);
