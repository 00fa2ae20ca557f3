// Micro-benchmark behind values/py-types.ts createDict: how to build many small dicts whose keys
// never reach Object.prototype. Run: node bench/micro/dict-construct.bench.mjs
const PROTO = Object.freeze(Object.create(null));
function DictObject() {}
DictObject.prototype = PROTO;
const N = 1_000_000;
const keys = ["id", "name", "score", "active", "tags", "parent"];
function fill(make) {
  const out = new Array(N);
  for (let i = 0; i < N; i++) {
    const d = make();
    for (let k = 0; k < keys.length; k++) d[keys[k]] = i;
    out[i] = d;
  }
  return out;
}
const variants = {
  newWithPrototype: () => new DictObject(),
  objectCreateProto: () => Object.create(PROTO),
  objectCreateNull: () => Object.create(null),
  literalUnsafe: () => ({}),
};
for (let round = 0; round < 3; round++) {
  for (const [name, make] of Object.entries(variants)) {
    const before = process.cpuUsage();
    fill(make);
    const used = process.cpuUsage(before);
    console.log(`${name.padEnd(18)} ${((used.user + used.system) / 1000).toFixed(0)} ms`);
  }
}
const probe = new DictObject();
// biome-ignore lint/suspicious/noProto: the point is that this assignment makes an own key
probe["__proto__"] = 1;
if (Object.getPrototypeOf(probe) !== PROTO || !Object.hasOwn(probe, "__proto__")) throw new Error("prototype reached");
