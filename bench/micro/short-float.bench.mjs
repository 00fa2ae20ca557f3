// Micro-benchmark behind core/engine/float-digits.ts (`writeShortFloat`, used by the JSON tape
// writer and the merge's msgpack->JSON converter): Python's repr of a float written as bytes
// from integer pieces, against String(value) copied into the output (what floatRepr costs).
// Four shapes of float: round(x, 3) (the bench records' `score`), time.time()-like timestamps
// (the stream bench's `ts`), random() and random() * 1000 (16-17 digits, the frame bench's `x`:
// found from the value's rounding interval with a double-double product).
// Run: npx -y pnpm@10 build && node bench/micro/short-float.bench.mjs
import { writeShortFloat } from "@pkl-stream/core/engine";

const N = 1_000_000;
const shapes = {
  "round(x, 3)": Float64Array.from({ length: N }, () => Math.round(Math.random() * 1e6) / 1000),
  "time.time()": Float64Array.from({ length: N }, (_, i) => 1_700_000_000 + i * 0.25 + Math.random()),
  "random()": Float64Array.from({ length: N }, () => Math.random()),
  "random() * 1000": Float64Array.from({ length: N }, () => Math.random() * 1000),
};
const out = new Uint8Array(N * 32);

function viaString(values) {
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    const text = String(values[i]);
    for (let j = 0; j < text.length; j++) out[pos++] = text.charCodeAt(j);
  }
  return pos;
}

function viaShortFloat(values) {
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    const end = writeShortFloat(out, pos, values[i]);
    if (end >= 0) {
      pos = end;
      continue;
    }
    const text = String(values[i]);
    for (let j = 0; j < text.length; j++) out[pos++] = text.charCodeAt(j);
  }
  return pos;
}

function best(run, values) {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 7; round++) {
    const start = performance.now();
    run(values);
    fastest = Math.min(fastest, performance.now() - start);
  }
  return (fastest * 1e6) / values.length;
}

for (const [shape, values] of Object.entries(shapes)) {
  const viaText = best(viaString, values);
  const direct = best(viaShortFloat, values);
  console.log(`${shape.padEnd(12)} String() ${viaText.toFixed(0)} ns, writeShortFloat ${direct.toFixed(0)} ns (${(viaText / direct).toFixed(2)}x)`);
}
