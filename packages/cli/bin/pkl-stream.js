#!/bin/sh
":" //; NODE_EXTRA_CA_CERTS= exec node "$0" "$@"
// The line above makes this file both a shell script and a module. sh runs it: `":"` is a
// no-op and `exec node "$0"` starts Node on this same file with NODE_EXTRA_CA_CERTS emptied.
// Node skips the `#!` line and reads line 2 as a string statement and a comment.
//
// Why: when NODE_EXTRA_CA_CERTS names a file (as on machines that point it at the system CA
// bundle), Node 20 builds its whole TLS root store at start-up: ~90 ms of a ~140 ms `node -e 0`
// on our 2-core bench VM, against ~50 ms with the variable empty. pkl-stream never opens a
// network connection (no TLS, no HTTP), so the certificates are never used. `node
// packages/cli/bin/pkl-stream.js` (tests, bench) runs this file directly and skips line 2.
//
// The command itself is an esbuild bundle (scripts/bundle.mjs, built by `pnpm build`): a few
// chunks load much faster than the ~110 modules tsc writes to dist/.
import { main } from "../bundle/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`pkl-stream: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
