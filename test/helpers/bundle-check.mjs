// Run by bundles.test.ts with plain `node` (no "pkl-stream-source" condition), so that the
// packages resolve as a user's program resolves them: to the esbuild bundles their `exports`
// name. Prints one JSON line of findings. argv[2]: the repository's root.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";

const root = process.argv[2];
const ENTRIES = { root: "index.js", engine: "engine/index.js", opcodes: "opcodes/index.js", disasm: "disasm/index.js", json: "json/index.js", internal: "internal.js" };

/** Pairs of entry points exporting one name, and whether the two values are the same object. */
async function sharedNames(dir) {
  const modules = {};
  for (const [name, file] of Object.entries(ENTRIES)) modules[name] = await import(join(root, "packages/core", dir, file));
  const pairs = {};
  const names = Object.keys(modules);
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      for (const key of Object.keys(modules[names[i]])) {
        if (key in modules[names[j]]) pairs[`${names[i]}.${key} ${names[j]}.${key}`] = modules[names[i]][key] === modules[names[j]][key];
      }
    }
  }
  return { modules, pairs };
}

/** Whether `run` throws core's PickleError (the root entry's class); null when it does not throw. */
function throwsCoreError(core, run) {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof core.PickleError;
  }
}

const bundled = await sharedNames("dist/bundle");
const { pairs: modulePairs } = await sharedNames("dist");
const core = bundled.modules.root;
const stream = await import("@pkl-stream/stream");

const dir = mkdtempSync(join(tmpdir(), "pkl-bundle-"));
try {
  writeFileSync(join(dir, "a.pkl"), core.dumps(new Map([["a", 1], ["b", core.markTuple([1, 2])]])));
  writeFileSync(join(dir, "b.pkl"), core.dumps(new Map([["c", 3]])));
  writeFileSync(join(dir, "bad.pkl"), Uint8Array.of(0x80, 0x04, 0xff));
  const values = [];
  for await (const value of stream.readPickles(join(dir, "a.pkl"))) values.push(value);
  let isCoreError = null;
  try {
    for await (const _value of stream.readPickles(join(dir, "bad.pkl")));
  } catch (error) {
    isCoreError = error instanceof core.PickleError;
  }
  const merged = await stream.mergePickles({ patterns: [join(dir, "a.pkl"), join(dir, "b.pkl")], concurrency: 2 });
  let json = "";
  for await (const bytes of stream.picklesToJson(Readable.from([core.dumps(new Map([["x", [1, 2]]]))]), { workers: 1 })) json += Buffer.from(bytes).toString();
  // Every worker script a bundle file starts (`new URL("./x.js", import.meta.url)`) is beside it.
  const bundleDir = join(root, "packages/stream/dist/bundle");
  const files = readdirSync(bundleDir);
  const missing = [];
  for (const file of files.filter((f) => f.endsWith(".js"))) {
    for (const match of readFileSync(join(bundleDir, file), "utf8").matchAll(/new URL\("\.\/([\w.-]+\.js)"/g)) {
      if (!files.includes(match[1])) missing.push(`${file} -> ${match[1]}`);
    }
  }
  console.log(
    JSON.stringify({
      pairs: bundled.pairs,
      modulePairs,
      isCoreError,
      // An error of another entry point's code, judged by the root's class.
      isDisasmErrorCore: throwsCoreError(core, () => [...bundled.modules.disasm.genops(Uint8Array.of(0x80, 0x04, 0xff))]),
      // Decoded by stream's bundle, judged by core's: one PyTuple class between them.
      streamTupleIsTuple: core.isTuple(values[0]?.b),
      merged: [...merged],
      json,
      missing,
      // Every exported class of core's root with its own name (esbuild's keepNames).
      renamedClasses: Object.entries(core)
        .filter(([name, value]) => typeof value === "function" && /^[A-Z]/.test(name) && value.name !== name)
        .map(([name, value]) => `${name} is named ${value.name}`),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
