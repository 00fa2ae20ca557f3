// Micro-benchmark behind values/py-types.ts markTuple: ways to mark 1M small arrays as tuples and
// test them again. Run: node bench/micro/tuple-mark.bench.mjs
const N = 1_000_000;
class PyTuple extends Array {}
const tuples = new WeakSet();
const variants = {
  unmarked: (a) => a,
  weakSet(a) {
    tuples.add(a);
    return a;
  },
  setPrototype: (a) => Object.setPrototypeOf(a, PyTuple.prototype),
};
const isMarked = { unmarked: () => true, weakSet: (a) => tuples.has(a), setPrototype: (a) => a instanceof PyTuple };
for (let round = 0; round < 3; round++) {
  for (const [name, mark] of Object.entries(variants)) {
    const keep = new Array(N);
    const before = process.cpuUsage();
    for (let i = 0; i < N; i++) keep[i] = mark([`x${i & 1023}`, i, i + 0.5]);
    let marked = 0;
    for (let i = 0; i < N; i++) if (isMarked[name](keep[i])) marked++;
    const used = process.cpuUsage(before);
    if (marked !== N || !Array.isArray(keep[0])) throw new Error(`${name} is wrong`);
    console.log(`${name.padEnd(14)} ${((used.user + used.system) / 1000).toFixed(0)} ms`);
  }
}
