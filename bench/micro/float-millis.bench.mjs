// Micro-benchmark behind the merge's msgpack->JSON converter (packages/stream/src/merge/
// transcode/msgpack-to-json.ts, `millis`): a float that is a whole number of thousandths (the
// bench records' `score`, round(x, 3)) written from its integer digits, against String(value)
// (what floatRepr costs). Run: node bench/micro/float-millis.bench.mjs
const N = 2_000_000;
const values = new Float64Array(N);
for (let i = 0; i < N; i++) values[i] = Math.round(Math.random() * 1e6) / 1000;
const out = new Uint8Array(N * 24);

function viaString() {
  let pos = 0;
  for (let i = 0; i < N; i++) {
    const text = String(values[i]);
    for (let j = 0; j < text.length; j++) out[pos++] = text.charCodeAt(j);
  }
  return pos;
}

function writeDigits(value, pos) {
  if (value < 10) {
    out[pos] = 0x30 + value;
    return pos + 1;
  }
  let length = 2;
  for (let bound = 100; value >= bound && length < 10; bound *= 10) length++;
  let at = pos + length;
  const end = at;
  let rest = value;
  while (at > pos) {
    const tenth = (rest / 10) | 0;
    out[--at] = 0x30 + rest - tenth * 10;
    rest = tenth;
  }
  return end;
}

function viaMillis() {
  let pos = 0;
  for (let i = 0; i < N; i++) {
    const value = values[i];
    const k = Math.round(value * 1000);
    if (k / 1000 !== value) throw new Error("not thousandths");
    const whole = Math.floor(k / 1000);
    let fraction = k - whole * 1000;
    pos = writeDigits(whole, pos);
    out[pos++] = 0x2e;
    if (fraction === 0) {
      out[pos++] = 0x30;
      continue;
    }
    let width = 3;
    while (fraction % 10 === 0) {
      fraction /= 10;
      width--;
    }
    for (let j = width - 1; j >= 0; j--) {
      out[pos + j] = 0x30 + (fraction % 10);
      fraction = Math.floor(fraction / 10);
    }
    pos += width;
  }
  return pos;
}

for (let round = 0; round < 3; round++) {
  for (const [name, run] of [["String(value)", viaString], ["thousandths", viaMillis]]) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    console.log(`${name.padEnd(14)} ${((used.user + used.system) / 1000).toFixed(0)} ms for ${N} floats`);
  }
}
