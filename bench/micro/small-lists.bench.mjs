// Micro-benchmark behind decoder/unpickler.ts appendsToFreshList and decoder/containers.ts
// exactList: how to build 1.8M small lists (2-3 items, the records workload's tags) that are
// kept. `[]` then push gives each a 17-slot backing store; a slice of the decoder's stack is
// exact but has no allocation site; array literals are exact and have one, so V8, seeing their
// lists survive, allocates them in the old generation directly and the young-generation GC stops
// copying them. Each variant runs in its own process (a fresh heap), 3 rounds; "scavenges"
// counts the young-generation GCs (--trace-gc). Run: node bench/micro/small-lists.bench.mjs
import { execFileSync } from "node:child_process";

const N = 1_800_000;
const variants = {
  push(stack, mark) {
    const list = [];
    for (let i = mark; i < stack.length; i++) list.push(stack[i]);
    return list;
  },
  stackSlice: (stack, mark) => stack.slice(mark),
  literals(stack, mark) {
    switch (stack.length - mark) {
      case 2:
        return [stack[mark], stack[mark + 1]];
      case 3:
        return [stack[mark], stack[mark + 1], stack[mark + 2]];
      default:
        return stack.slice(mark);
    }
  },
};

const name = process.argv[2];
if (name === undefined) {
  for (let round = 0; round < 3; round++) {
    for (const variant of Object.keys(variants)) {
      const output = execFileSync(process.execPath, ["--trace-gc", process.argv[1], variant], { encoding: "utf8" });
      const scavenges = output.split("\n").filter((line) => line.includes("Scavenge")).length;
      const result = output.split("\n").find((line) => line.startsWith(variant));
      console.log(`${result}, ${scavenges} scavenges`);
    }
  }
} else {
  const make = variants[name];
  const stack = ["root", "tag-red", "tag-vip", "tag-new"];
  const keep = new Array(N);
  const before = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    stack.length = 1 + 2 + (i % 2);
    keep[i] = [i * 1.5, make(stack, 1), `name ${i}`]; // the list among other values kept with it
  }
  const used = process.cpuUsage(before);
  if (keep[1][1].length !== 3 || keep[0][1][1] !== "tag-vip") throw new Error(`${name} is wrong`);
  const heapMB = process.memoryUsage().heapUsed / 1e6;
  console.log(`${name.padEnd(11)} ${((used.user + used.system) / 1000).toFixed(0)} ms CPU, heap ${heapMB.toFixed(0)} MB`);
}
