#!/bin/sh
":" //; F=; for a; do case $a in -*) ;; *) [ -f "$a" ] && [ -n "$(find "$a" -prune -size +8000000c)" ] && F=--max-semi-space-size=32 ;; esac; done; NODE_EXTRA_CA_CERTS= exec node $F "$0" "$@"
// The line above makes this file both a shell script and a script for Node. sh runs it: `":"`
// is a no-op and `exec node "$0"` starts Node on this same file with NODE_EXTRA_CA_CERTS
// emptied (and a V8 flag when an argument is a file over 8 MB, below). Node skips the `#!`
// line and reads line 2 as a string statement and a comment.
//
// Why: when NODE_EXTRA_CA_CERTS names a file (as on machines that point it at the system CA
// bundle), Node 20 builds its whole TLS root store at start-up: ~90 ms of a ~140 ms `node -e 0`
// on our 2-core bench VM, against ~50 ms with the variable empty. pkl-stream never opens a
// network connection (no TLS, no HTTP), so the certificates are never used. `node
// packages/cli/bin/pkl-stream.cjs` (tests, bench) runs this file directly and skips line 2.
//
// No GLIBC_TUNABLES: from 2026-12-04 to 12-05 line 2 exported glibc.malloc.hugetlb=1 (malloc'd
// array buffers in 2 MiB transparent huge pages, a fault per 2 MiB instead of per 4 KiB). On the
// bench VM, whose balloon device hands free memory back to its host in 2 MiB blocks (free page
// reporting), a fresh huge page then costs the host a fault per 4 KiB of it: first touch of a
// new 256 MB array 7-8 us per 4 KiB with huge pages (0.4 us when the block had not been handed
// back yet) against 1.8 us without. Alternated through sh, medians of 5, without it / with it:
// records.pkl -> msgpack 1.24 / 1.52 s, -> NDJSON 1.61 / 1.93 s, order-list.pkl 0.82 / 0.87 s,
// records-small.pkl 298 / 280 ms, `pkl-stream stream.pkl` 519 / 519 ms, the 8-shard merge
// (medians of 3) 4.76 / 4.31 s; with it one command's times ranged 1.03-1.72 s (bench/README.md
// "The launcher's environment"). Where huge pages are cheap,
// `GLIBC_TUNABLES=glibc.malloc.hugetlb=1 pkl-stream ...` still asks for them: the variable
// reaches Node as the caller set it.
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
  let status = code;
  // Output that could not be written (`--help > /dev/full`) is a failure, as main.ts says for a
  // command's own writes; a reader that went away (EPIPE) is not.
  const fail = (error) => {
    if (!error || error.code === "EPIPE" || status !== 0) return;
    process.stderr.write(`pkl-stream: standard output: ${error.code === "ENOSPC" ? "no space left on device" : error.message}\n`);
    status = 1;
  };
  // A write that failed already (to a file or a device they are synchronous) destroyed stdout.
  fail(process.stdout.errored);
  const done = () => {
    if (--pending === 0) process.exit(status);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || !stream.writable) continue;
    pending++;
    stream.write("", (error) => {
      if (stream === process.stdout) fail(error);
      done();
    });
  }
  if (pending === 0) process.exit(status);
}
