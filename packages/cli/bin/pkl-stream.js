#!/usr/bin/env node
// Thin launcher: the compiled entry lives in dist/ (built by `pnpm build`).
import { main } from "../dist/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`pkl-stream: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
