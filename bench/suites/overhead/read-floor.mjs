// The floor: read the file into memory and touch every byte. No decoder can beat this.
//   read-floor.mjs touch KIND FILE

import { readFileSync } from "node:fs";
import { probeArgs, runProbe } from "../../lib/probe.mjs";

const { path } = probeArgs();

await runProbe(() => {
  const bytes = readFileSync(path);
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]) | 0;
  // Printed so the loop cannot be optimised away.
  return { check: { byteSum: sum } };
});
