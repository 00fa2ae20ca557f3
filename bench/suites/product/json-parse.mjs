// V8's native object builder: readFileSync as UTF-8 + JSON.parse of the records written as JSON.
// The reference for how fast JavaScript values can be made from a serialized form.
//   json-parse.mjs parse records FILE.json [--check]

import { readFileSync } from "node:fs";
import { answerCheck } from "../../lib/checksum.mjs";
import { probeArgs, runProbe } from "../../lib/probe.mjs";

const { kind, path, shouldCheck } = probeArgs();

await runProbe(() => {
  const value = JSON.parse(readFileSync(path, "utf8"));
  return { check: shouldCheck ? answerCheck(kind, value) : undefined };
});
