// The long fuzz run: `pnpm fuzz -- --duration 60 [--seed N]` (seconds; default 60).
// Mutates the seeds (fixtures, malicious corpus, regressions) and the corpus it keeps in
// test/fuzz/corpus/ (git-ignored; an input joins when its outcome signature is new), checks every
// input with the same harness as the suite, and saves each failing input to test/fuzz/regressions/
// (replayed by regressions.test.ts). Runs the built packages: `pnpm fuzz` builds core first.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { applyMutation, checkInput, loadSeeds, REGRESSIONS_DIR, randomMutation, SEED_DIRS, seededRandom } from "./harness.mjs";

const { values } = parseArgs({
  options: { duration: { type: "string", default: "60" }, seed: { type: "string" } },
  strict: true,
});
const durationSeconds = Number(values.duration);
if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
  throw new RangeError(`Expected --duration to be a positive number of seconds, got ${values.duration}`);
}
const runSeed = values.seed === undefined ? Date.now() >>> 0 : Number(values.seed) >>> 0;

const corpusDir = new URL("./corpus/", import.meta.url);
const regressionsDir = REGRESSIONS_DIR;
mkdirSync(corpusDir, { recursive: true });
mkdirSync(regressionsDir, { recursive: true });

const seeds = loadSeeds([...SEED_DIRS, REGRESSIONS_DIR, corpusDir]);
const pool = [...seeds];
const signatures = new Set();
const random = seededRandom(runSeed);
const sha1 = (bytes) => createHash("sha1").update(bytes).digest("hex");

for (const [index, seed] of seeds.entries()) signatures.add(checkInput(seed, index).signature);

const MAX_CORPUS = 5000;
const deadline = Date.now() + durationSeconds * 1000;
let tried = 0;
let added = 0;
const failures = new Map();

while (Date.now() < deadline) {
  // A batch between clock reads keeps the loop cheap.
  for (let batch = 0; batch < 20; batch++) {
    const base = pool[Math.floor(random() * pool.length)];
    const other = pool[Math.floor(random() * pool.length)];
    let bytes = base;
    const steps = 1 + Math.floor(random() * 4);
    for (let i = 0; i < steps; i++) bytes = applyMutation(bytes, randomMutation(random), other);
    const chunkSeed = Math.floor(random() * 0x7fffffff);
    tried++;
    const { failure, signature } = checkInput(bytes, chunkSeed);
    if (failure !== null) {
      const name = sha1(bytes);
      if (!failures.has(name)) {
        failures.set(name, failure);
        writeFileSync(new URL(`${name}.pkl`, regressionsDir), bytes);
        writeFileSync(new URL(`${name}.txt`, regressionsDir), `${failure}\nchunk seed ${chunkSeed}, run seed ${runSeed}\n`);
        process.stderr.write(`FAILURE ${name}: ${failure}\n`);
      }
    } else if (!signatures.has(signature) && pool.length < seeds.length + MAX_CORPUS) {
      signatures.add(signature);
      pool.push(bytes);
      writeFileSync(new URL(`${sha1(bytes)}.pkl`, corpusDir), bytes);
      added++;
    }
  }
}

process.stdout.write(
  `fuzz: ${tried} inputs in ${durationSeconds}s (run seed ${runSeed}), ${seeds.length} seeds, ` +
    `${added} added to the corpus, ${signatures.size} distinct outcomes, ${failures.size} failures\n`,
);
process.exitCode = failures.size > 0 ? 1 : 0;
