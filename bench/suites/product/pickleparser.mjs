// The npm peer `pickleparser` (pure JS), one measurement per process.
//   pickleparser.mjs one    KIND FILE   Parser.parse of the whole file
//   pickleparser.mjs gz     KIND FILE   gunzip, then Parser.parse
//   pickleparser.mjs stream KIND FILE   appended records: Parser.read over one BufferReader until its end
// --check computes the answer check (verify runs only). It has no incremental input: the whole
// file is read first in every mode.

import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { BufferReader, Parser } from "pickleparser";
import { answerCheck, StreamCheck } from "../../lib/checksum.mjs";
import { probeArgs, runProbe } from "../../lib/probe.mjs";

const { mode, kind, path, shouldCheck } = probeArgs();

const modes = {
  one() {
    const value = new Parser().parse(readFileSync(path));
    return { check: shouldCheck ? answerCheck(kind, value) : undefined };
  },
  gz() {
    const value = new Parser().parse(gunzipSync(readFileSync(path)));
    return { check: shouldCheck ? answerCheck(kind, value) : undefined };
  },
  stream() {
    const parser = new Parser();
    const reader = new BufferReader(readFileSync(path));
    const acc = new StreamCheck();
    while (reader.hasNext()) {
      const record = parser.read(reader);
      if (shouldCheck) acc.add(record);
    }
    return { check: shouldCheck ? acc.result : undefined };
  },
};

await runProbe(modes[mode]);
