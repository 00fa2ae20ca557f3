// The fuzz harness shared by the property tests (test/fuzz/*.test.ts, through vitest and the
// packages' sources) and the long run (run.mjs, through the built dist): mutations of pickles,
// and the one property they must all keep. Plain JavaScript so that Node 20 runs it unbuilt;
// types in harness.d.mts.
import { readdirSync, readFileSync } from "node:fs";
import { isPickleError, isPyObject, isTuple, loadAll, PyFloat, Unpickler } from "@pkl-stream/core";
import { auditPickle, disAllLines } from "@pkl-stream/core/disasm";

/** Inputs are capped so that every case runs in bounded time and memory. */
export const MAX_INPUT_BYTES = 1 << 16;

/** Where seed pickles come from: the committed fixtures and the malicious corpus. */
export const SEED_DIRS = ["../fixtures/values/", "../fixtures/malicious/"].map((relative) => new URL(relative, import.meta.url));

/** Inputs that once broke a property (replayed by regressions.test.ts; seeds of the long run too). */
export const REGRESSIONS_DIR = new URL("./regressions/", import.meta.url);

/** Every `.pkl` under the given folders (sorted by name, capped at MAX_INPUT_BYTES). */
export function loadSeeds(dirs = SEED_DIRS) {
  const seeds = [];
  for (const dir of dirs) {
    let names;
    try {
      names = readdirSync(dir).filter((name) => name.endsWith(".pkl")).sort();
    } catch {
      continue; // a folder that does not exist yet (the corpus before the first run)
    }
    for (const name of names) seeds.push(clampInput(new Uint8Array(readFileSync(new URL(name, dir)))));
  }
  return seeds;
}

/** A small known record: after reset(), the Unpickler that failed must decode it again. */
const KNOWN = Uint8Array.from([0x80, 0x02, 0x5d, 0x4b, 0x07, 0x61, 0x2e]); // [7]

/** mulberry32: a tiny seeded PRNG, so a run can be replayed from its seed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function clampInput(bytes) {
  return bytes.length > MAX_INPUT_BYTES ? bytes.slice(0, MAX_INPUT_BYTES) : bytes;
}

/**
 * Applies one mutation. Positions are taken modulo the input length, so any numbers make a
 * valid mutation (fast-check can shrink them freely).
 */
export function applyMutation(input, mutation, other) {
  const n = input.length;
  const at = n === 0 ? 0 : mutation.at % (n + 1);
  switch (mutation.kind) {
    case "set": {
      if (n === 0) return input;
      const out = input.slice();
      out[mutation.at % n] = mutation.value & 0xff;
      return out;
    }
    case "insert": {
      const out = new Uint8Array(n + mutation.bytes.length);
      out.set(input.subarray(0, at));
      out.set(mutation.bytes, at);
      out.set(input.subarray(at), at + mutation.bytes.length);
      return clampInput(out);
    }
    case "delete": {
      const end = Math.min(n, at + mutation.length);
      const out = new Uint8Array(n - (end - at));
      out.set(input.subarray(0, at));
      out.set(input.subarray(end), at);
      return out;
    }
    case "duplicate": {
      const end = Math.min(n, at + mutation.length);
      const piece = input.subarray(at, end);
      const out = new Uint8Array(n + piece.length);
      out.set(input.subarray(0, end));
      out.set(piece, end);
      out.set(input.subarray(end), end + piece.length);
      return clampInput(out);
    }
    case "splice": {
      // This input's head, the other's tail: records and opcodes from two pickles meet.
      const otherAt = other.length === 0 ? 0 : mutation.otherAt % (other.length + 1);
      const out = new Uint8Array(at + other.length - otherAt);
      out.set(input.subarray(0, at));
      out.set(other.subarray(otherAt), at);
      return clampInput(out);
    }
    default:
      throw new TypeError(`unknown mutation ${mutation.kind}`);
  }
}

const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x05, 0x0a, 0x28, 0x2e, 0x7f, 0x80, 0x81, 0x93, 0x94, 0x95, 0xfe, 0xff];

/** A random mutation for the long run (the property tests build theirs with fast-check). */
export function randomMutation(random) {
  const pick = Math.floor(random() * 5);
  const at = Math.floor(random() * 0x7fffffff);
  const small = 1 + Math.floor(random() * 16);
  if (pick === 0) {
    const value = random() < 0.5 ? INTERESTING_BYTES[Math.floor(random() * INTERESTING_BYTES.length)] : Math.floor(random() * 256);
    return { kind: "set", at, value };
  }
  if (pick === 1) return { kind: "insert", at, bytes: Uint8Array.from({ length: small }, () => Math.floor(random() * 256)) };
  if (pick === 2) return { kind: "delete", at, length: small };
  if (pick === 3) return { kind: "duplicate", at, length: small * 4 };
  return { kind: "splice", at, otherAt: Math.floor(random() * 0x7fffffff) };
}

/** Splits bytes into chunks of seeded random sizes (1 to 64 bytes). */
export function randomChunks(bytes, random) {
  const chunks = [];
  for (let i = 0; i < bytes.length; ) {
    const size = 1 + Math.floor(random() * 64);
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  return chunks;
}

/**
 * A text that is equal for two decoded record lists exactly when they are the same graph:
 * each object is described once and referred to by its index, so shared references (a memo
 * bomb) cost their size, not their expansion, and cycles end.
 */
export function fingerprint(records) {
  const ids = new Map();
  const lines = [];
  const pending = [];
  const ref = (value) => {
    if (value === null || value === undefined) return String(value);
    switch (typeof value) {
      case "number":
        return Object.is(value, -0) ? "n-0" : `n${value}`;
      case "bigint":
        return `b${value}`;
      case "string":
        return `s${JSON.stringify(value)}`;
      case "boolean":
        return `${value}`;
      case "function":
        return "fn"; // closures a reconstructed value keeps (decoder context): data is compared elsewhere
      default: {
        let id = ids.get(value);
        if (id === undefined) {
          id = ids.size;
          ids.set(value, id);
          pending.push(value);
        }
        return `#${id}`;
      }
    }
  };
  const top = records.map(ref).join(",");
  for (let next = 0; next < pending.length; next++) {
    const value = pending[next];
    let line;
    if (value instanceof Uint8Array) line = `${value.constructor.name}[${Array.from(value.subarray(0, 4096)).join(",")}]${value.length}`;
    else if (value instanceof PyFloat) line = `f${value.value}`;
    else if (Array.isArray(value)) line = `${isTuple(value) ? "T" : "L"}(${value.map(ref).join(",")})`;
    else if (value instanceof Set) line = `S(${[...value].map(ref).join(",")})`;
    else if (value instanceof Map) line = `M(${[...value].map(([k, v]) => `${ref(k)}:${ref(v)}`).join(",")})`;
    else if (isPyObject(value)) line = `O${value.pyClass}(${ref(plainOf(value))})`;
    else line = `D(${Object.keys(value).map((key) => `${JSON.stringify(key)}:${ref(value[key])}`).join(",")})`;
    lines.push(line);
    if (lines.length > 2_000_000) return `${top}|too large`;
  }
  return `${top}|${lines.join("\n")}`;
}

/** Thrown when a decoded value cannot give its plain form: writers would crash on it. */
class PlainFormError extends Error {}

function plainOf(value) {
  try {
    return value.toPlain();
  } catch (error) {
    throw new PlainFormError(`toPlain() of a decoded ${value.pyClass} threw ${describe(error)}`);
  }
}

function describe(error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** loadAll, with a PickleError turned into its code; any other exception is returned as a failure. */
function decodeOneShot(bytes) {
  try {
    return { records: loadAll(bytes) };
  } catch (error) {
    if (!isPickleError(error)) return { failure: `loadAll threw ${describe(error)}` };
    return { code: error.code, opcode: error.opcodeName ?? "-" };
  }
}

function decodeChunked(bytes, random) {
  const unpickler = new Unpickler();
  const records = [];
  try {
    for (const chunk of randomChunks(bytes, random)) records.push(...unpickler.push(chunk));
    unpickler.end();
    return { records, unpickler };
  } catch (error) {
    if (!isPickleError(error)) return { failure: `Unpickler.push threw ${describe(error)}`, unpickler };
    return { code: error.code, records, unpickler };
  }
}

/**
 * Runs every check on one input. Returns `failure` (a sentence) when a property breaks, and a
 * `signature` of what the input exercised (its outcome), which the long run uses to keep a corpus.
 */
export function checkInput(bytes, chunkSeed) {
  try {
    return checkProperties(bytes, chunkSeed);
  } catch (error) {
    if (error instanceof PlainFormError) return { failure: error.message, signature: "failure" };
    throw error;
  }
}

function checkProperties(bytes, chunkSeed) {
  const random = seededRandom(chunkSeed);
  const one = decodeOneShot(bytes);
  if (one.failure) return { failure: one.failure, signature: "failure" };
  const chunked = decodeChunked(bytes, random);
  if (chunked.failure) return { failure: chunked.failure, signature: "failure" };
  if (one.code !== chunked.code) {
    return { failure: `one-shot ended in ${one.code ?? "records"}, chunked in ${chunked.code ?? "records"}`, signature: "failure" };
  }
  if (one.code === undefined && fingerprint(one.records) !== fingerprint(chunked.records)) {
    return { failure: "one-shot and chunked decoding gave different records", signature: "failure" };
  }
  if (one.code !== undefined) {
    // After an error the Unpickler refuses input until reset(); then it decodes again.
    chunked.unpickler.reset();
    try {
      const again = chunked.unpickler.push(KNOWN);
      if (again.length !== 1 || fingerprint(again) !== fingerprint(loadAll(KNOWN))) {
        return { failure: "after reset() the Unpickler did not decode a known record", signature: "failure" };
      }
    } catch (error) {
      return { failure: `after reset() the Unpickler threw ${describe(error)}`, signature: "failure" };
    }
  }
  let verdict;
  try {
    verdict = auditPickle(bytes).verdict;
  } catch (error) {
    return { failure: `auditPickle threw ${describe(error)}`, signature: "failure" };
  }
  try {
    for (const _line of disAllLines(bytes));
  } catch (error) {
    if (!isPickleError(error)) return { failure: `disAllLines threw ${describe(error)}`, signature: "failure" };
  }
  const outcome = one.code === undefined ? `${one.records.length} records` : `${one.code} at ${one.opcode}`;
  return { failure: null, signature: `${outcome} ${verdict}` };
}
