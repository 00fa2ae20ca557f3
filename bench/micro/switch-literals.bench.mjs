// Micro-benchmark behind core engine/tape-driver.ts run(): a switch over opcode bytes whose cases
// are imported constants (`case OP.SETITEMS:`, V8 compares them one by one) against the same
// switch over number literals (a jump table). 40M opcodes in records.pkl's mix, 37 cases.
// Run after a build: node bench/micro/switch-literals.bench.mjs
import * as OP from "../../packages/core/dist/opcodes/codes.js";

const N = 40_000_000;
// records.pkl's opcodes per 1,000: BINGET 332, MEMOIZE 156, MARK 78, SHORT_BINUNICODE 78, ...
const mix = [
  [OP.BINGET, 332], [OP.MEMOIZE, 156], [OP.MARK, 78], [OP.SHORT_BINUNICODE, 78], [OP.SETITEMS, 39], [OP.EMPTY_DICT, 39],
  [OP.BINFLOAT, 39], [OP.EMPTY_LIST, 39], [OP.APPENDS, 39], [OP.BININT2, 39], [OP.NEWTRUE, 27], [OP.BININT, 23], [OP.NONE, 16], [OP.NEWFALSE, 12],
];
const pool = mix.flatMap(([code, count]) => Array(count).fill(code));
const ops = new Uint8Array(N);
let seed = 1;
for (let i = 0; i < N; i++) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  ops[i] = pool[seed % pool.length];
}

function imported(input) {
  let sum = 0;
  for (let i = 0; i < input.length; i++) {
    switch (input[i]) {
      case OP.EMPTY_DICT: case OP.EMPTY_LIST: sum += 1; break;
      case OP.EMPTY_TUPLE: sum += 2; break;
      case OP.MARK: sum += 3; break;
      case OP.SHORT_BINUNICODE: case OP.SHORT_BINBYTES: sum += 4; break;
      case OP.BINUNICODE: case OP.BINBYTES: sum += 5; break;
      case OP.BINUNICODE8: case OP.BINBYTES8: sum += 6; break;
      case OP.MEMOIZE: sum += 7; break;
      case OP.BINPUT: sum += 8; break;
      case OP.LONG_BINPUT: sum += 9; break;
      case OP.BINGET: sum += 10; break;
      case OP.LONG_BINGET: sum += 11; break;
      case OP.BININT1: sum += 12; break;
      case OP.BININT2: sum += 13; break;
      case OP.BININT: sum += 14; break;
      case OP.LONG1: sum += 15; break;
      case OP.BINFLOAT: sum += 16; break;
      case OP.NONE: sum += 17; break;
      case OP.NEWTRUE: sum += 18; break;
      case OP.NEWFALSE: sum += 19; break;
      case OP.TUPLE1: case OP.TUPLE2: case OP.TUPLE3: sum += 20; break;
      case OP.TUPLE: sum += 21; break;
      case OP.LIST: sum += 22; break;
      case OP.DICT: sum += 23; break;
      case OP.APPENDS: case OP.SETITEMS: sum += 24; break;
      case OP.APPEND: sum += 25; break;
      case OP.SETITEM: sum += 26; break;
      case OP.PROTO: sum += 27; break;
      case OP.FRAME: sum += 28; break;
      case OP.STOP: sum += 29; break;
      default: sum += 30;
    }
  }
  return sum;
}

function literal(input) {
  let sum = 0;
  for (let i = 0; i < input.length; i++) {
    switch (input[i]) {
      case 0x7d: case 0x5d: sum += 1; break;
      case 0x29: sum += 2; break;
      case 0x28: sum += 3; break;
      case 0x8c: case 0x43: sum += 4; break;
      case 0x58: case 0x42: sum += 5; break;
      case 0x8d: case 0x8e: sum += 6; break;
      case 0x94: sum += 7; break;
      case 0x71: sum += 8; break;
      case 0x72: sum += 9; break;
      case 0x68: sum += 10; break;
      case 0x6a: sum += 11; break;
      case 0x4b: sum += 12; break;
      case 0x4d: sum += 13; break;
      case 0x4a: sum += 14; break;
      case 0x8a: sum += 15; break;
      case 0x47: sum += 16; break;
      case 0x4e: sum += 17; break;
      case 0x88: sum += 18; break;
      case 0x89: sum += 19; break;
      case 0x85: case 0x86: case 0x87: sum += 20; break;
      case 0x74: sum += 21; break;
      case 0x6c: sum += 22; break;
      case 0x64: sum += 23; break;
      case 0x65: case 0x75: sum += 24; break;
      case 0x61: sum += 25; break;
      case 0x73: sum += 26; break;
      case 0x80: sum += 27; break;
      case 0x95: sum += 28; break;
      case 0x2e: sum += 29; break;
      default: sum += 30;
    }
  }
  return sum;
}

for (let round = 0; round < 3; round++) {
  for (const [name, run] of [["imported", imported], ["literal", literal]]) {
    const before = process.cpuUsage();
    const sum = run(ops);
    const used = process.cpuUsage(before);
    console.log(`${name.padEnd(9)} ${((used.user + used.system) / 1000).toFixed(0)} ms (${sum})`);
  }
}
