// Bundles a library package's tsc output (dist/) with esbuild into dist/bundle/, the files its
// package.json `exports` name. Node's ESM loader pays per module (resolve, read, compile): a
// package of ~135 modules took ~105 ms to import, its bundle ~30 ms (bench/PROFILE-NOTES.md,
// numeric). Code splitting puts what several entry points share in shared chunks, so every
// entry point hands out the same classes (`instanceof` holds across them; test/bundles.test.ts).
// Names are kept and source maps written, so stacks stay readable; types stay tsc's .d.ts.
import { readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The entry points come from package.json: each export's "types" (tsc's dist/x.d.ts) names its
 * tsc output (dist/x.js), and its "default" must be the file the bundle writes for it, so an
 * export added to package.json without its bundle fails the build instead of the user.
 *
 * `build`: esbuild's, passed in by the package (pnpm lets a package import only what it declares).
 * `layout`: "nested" keeps dist's folders (dist/bundle/engine/index.js); "flat" writes every file
 * in dist/bundle/ itself (for code that finds a file beside the one it runs from).
 * `extraEntries`: tsc outputs bundled without being exports (worker scripts).
 */
export async function bundlePackage(build, packageUrl, { layout, extraEntries = [], ...options }) {
  const packageDir = fileURLToPath(packageUrl);
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const entryPoints = [];
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const tscFile = target.types.replace(/^\.\//, "").replace(/\.d\.ts$/, ".js");
    const bundled = `./dist/bundle/${layout === "flat" ? basename(tscFile) : tscFile.replace(/^dist\//, "")}`;
    if (target.default !== bundled) throw new Error(`package.json exports["${subpath}"].default is ${target.default}; the bundle writes ${bundled}`);
    entryPoints.push(tscFile);
  }
  rmSync(join(packageDir, "dist/bundle"), { recursive: true, force: true });
  await build({
    absWorkingDir: packageDir,
    entryPoints: [...entryPoints, ...extraEntries],
    ...(layout === "flat" ? { entryNames: "[name]" } : { outbase: "dist" }),
    outdir: "dist/bundle",
    bundle: true,
    splitting: true,
    format: "esm",
    sourcemap: true,
    // Classes keep their names (`NdArray.name`, what console.log shows): esbuild renames a class
    // that refers to itself (`_NdArray`) unless told to keep the name.
    keepNames: true,
    logLevel: "warning",
    ...options,
  });
}
