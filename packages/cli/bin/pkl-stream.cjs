#!/bin/sh
":" //; NODE_EXTRA_CA_CERTS= exec node "$0" "$@"
// The line above makes this file both a shell script and a script for Node. sh runs it: `":"`
// is a no-op and `exec node "$0"` starts Node on this same file with NODE_EXTRA_CA_CERTS
// emptied. Node skips the `#!` line and reads line 2 as a string statement and a comment.
//
// Why: when NODE_EXTRA_CA_CERTS names a file (as on machines that point it at the system CA
// bundle), Node 20 builds its whole TLS root store at start-up: ~90 ms of a ~140 ms `node -e 0`
// on our 2-core bench VM, against ~50 ms with the variable empty. pkl-stream never opens a
// network connection (no TLS, no HTTP), so the certificates are never used. `node
// packages/cli/bin/pkl-stream.cjs` (tests, bench) runs this file directly and skips line 2.
//
// The command itself is one CommonJS file made by esbuild (scripts/bundle.mjs, run by `pnpm
// build`), compiled here with V8's code cache when the build left one (bundle/main.cjs.cache):
// loading and compiling code was most of a small decode's start-up.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { createRequire, wrap } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

const bundleDir = join(__dirname, "..", "bundle");
const bundle = join(bundleDir, "main.cjs");
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined; // no cache (a build without one): Node compiles as usual
}
const script = new Script(wrap(readFileSync(bundle, "utf8")), { filename: bundle, cachedData });
const commandModule = { exports: {} };
script.runInThisContext()(commandModule.exports, createRequire(bundle), commandModule, bundle, bundleDir);
if (process.env.PKL_STREAM_WRITE_CODE_CACHE === "1") {
  // scripts/bundle.mjs: after one real run, so the cache holds the functions a decode compiles.
  process.on("exit", () => writeFileSync(cacheFile, script.createCachedData()));
}

commandModule.exports.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`pkl-stream: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
