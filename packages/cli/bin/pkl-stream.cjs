#!/bin/sh
":" //; F=; for a; do case $a in -*) ;; *) [ -f "$a" ] && [ -n "$(find "$a" -prune -size +8000000c)" ] && F=--max-semi-space-size=32 ;; esac; done; case ${GLIBC_TUNABLES-} in *hugetlb*) ;; *) GLIBC_TUNABLES=${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1; export GLIBC_TUNABLES ;; esac; NODE_EXTRA_CA_CERTS= exec node $F "$0" "$@"
// The line above makes this file both a shell script and a script for Node. sh runs it: `":"`
// is a no-op and `exec node "$0"` starts Node on this same file with NODE_EXTRA_CA_CERTS
// emptied (and a V8 flag when an argument is a file over 8 MB, below). Node skips the `#!`
// line and reads line 2 as a string statement and a comment.
//
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (glibc 2.35+; added to what the variable holds unless
// it names hugetlb already, so `GLIBC_TUNABLES=glibc.malloc.hugetlb=0` turns it off): malloc
// asks the kernel for transparent huge pages (madvise) on its large blocks, and Node's array
// buffers are malloc'd. Our big buffers (an input window, a giant root's output, a memo, a
// merge's rows) are written once from start to end, so each 4 KiB page of them was a page fault
// when first touched; a 2 MiB page is one fault for 512 of them. Measured through sh, alternated
// with the launcher before, medians (bench/README.md "The launcher's environment"): records.pkl
// -> NDJSON 3.26 -> 2.34 s, -> msgpack 2.30 -> 1.58 s, records-small.pkl 517 -> 399 ms, `cat
// stream.pkl |` 1.16 -> 1.07 s, the 8-shard merge 6.08 -> 4.47 s, a 1 KB decode 109 ms both.
// Where transparent huge pages are off, or on for everything, or the C library is not glibc,
// the variable changes nothing.
//
// Why: when NODE_EXTRA_CA_CERTS names a file (as on machines that point it at the system CA
// bundle), Node 20 builds its whole TLS root store at start-up: ~90 ms of a ~140 ms `node -e 0`
// on our 2-core bench VM, against ~50 ms with the variable empty. pkl-stream never opens a
// network connection (no TLS, no HTTP), so the certificates are never used. `node
// packages/cli/bin/pkl-stream.cjs` (tests, bench) runs this file directly and skips line 2.
//
// --max-semi-space-size=32 (V8's young generation may grow to 2 x 32 MB instead of 2 x 16 MB):
// decoding keeps most of what it allocates, and every scavenge copies the survivors, so fewer,
// larger scavenges pay. Measured on the 2-core bench VM under load (medians, whole process,
// configurations alternated; bench/README.md "V8 flags"): records.pkl (150 MB) -> NDJSON 7.58 s
// -> 6.75 s (64 MB: 6.82 s), same 681 MB peak RSS; loadAll(dict: "map") 6.9 -> 6.3 s CPU
// (+35 MB RSS). But any V8 flag costs start-up: V8 rejects a code cache made under other flags,
// ours (one cache per way of starting, LAUNCH_FLAGS below, keeps that) and Node's own for its
// built-in modules (~20 ms of a 75 ms 1 KB decode). So line 2 passes the flag only when an
// argument is a regular file over 8 MB (`find -size`: a stat, no read; ~2 ms when it runs),
// where the gain is larger than that; piped input and small files start without it. Only a
// flag on the command line takes effect (v8.setFlagsFromString after start-up does not resize
// the heap), so `node bin/pkl-stream.cjs` (tests, bench) runs without it.
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
/** The V8 flags line 2 passes (keep the two in step). */
const LAUNCH_FLAGS = ["--max-semi-space-size=32"];
// A code cache is valid only under the V8 flags it was made with: scripts/bundle.mjs makes
// main.cjs.cache (`node bin/pkl-stream.cjs`) and main.cjs.launched.cache (through sh, line 2).
const isLaunched = LAUNCH_FLAGS.every((flag) => process.execArgv.includes(flag));
const cacheFile = `${bundle}${isLaunched ? ".launched" : ""}.cache`;
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
  (code) => exitWhenFlushed(code),
  (error) => {
    process.stderr.write(`pkl-stream: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);

/**
 * Once the command is done and stdout and stderr have handed over what they hold, the process
 * exits at once: leaving by the end of the event loop first tears the heap down, which took
 * 0.2-0.4 s after a merge of 8 large files had written and renamed its output (~1.2 GB heap).
 */
function exitWhenFlushed(code) {
  process.exitCode = code;
  let pending = 0;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || !stream.writable) continue;
    pending++;
    stream.write("", done);
  }
  if (pending === 0) process.exit(code);
}
