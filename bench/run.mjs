#!/usr/bin/env node
// `pnpm bench`: builds the packages, generates the workloads, checks every answer against
// CPython's, then times each measurement as its own process (median of --runs), peers
// alternated with ours, and writes bench/RESULTS.md.
//
//   node run.mjs [--scale 1] [--runs 3] [--only records,stream] [--no-build] [--timeout 1200]
//
// --scale 0.05 is the quick run (a couple of minutes). See bench/README.md.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { diffChecks } from "./lib/checksum.mjs";
import { describeMachine } from "./lib/machine.mjs";
import { firstErrorLine, measureProcess, probeLine } from "./lib/measure-process.mjs";
import { consoleTable, infoText, resultsMarkdown, targetsText } from "./lib/report.mjs";
import { median } from "./lib/stats.mjs";
import { evaluateTargets, infoFigures } from "./lib/targets.mjs";
import { buildCases } from "./suites/cases.mjs";
import { loadPreviousRun } from "./suites/regression/compare.mjs";

const BENCH = import.meta.dirname;
const REPO = resolve(BENCH, "..");
const RESULTS = join(BENCH, "results");
const SCRATCH = join(RESULTS, "scratch");
const CLI_BIN = join(REPO, "packages", "cli", "bin", "pkl-stream.cjs");
const CLI_DIST = join(REPO, "packages", "cli", "dist", "main.js");
const EXIT_NOT_AVAILABLE = 3;

// 2. Workloads: generated once per scale, reused after.
const GROUP_WORKLOADS = {
  records: ["records"],
  "records-small": ["records-small"],
  numeric: ["numeric"],
  stream: ["stream"],
  "stream-short": ["stream"],
  "stream-long": ["stream"],
  events: ["events"],
  orders: ["orders"],
  "order-list": ["order-list"],
  lines: ["lines"],
  objects: ["objects"],
  shards: ["shards"],
  py2: ["py2"],
  mnist: ["py2"],
  encode: ["records"],
  startup: ["tiny"],
  frame: ["frame"],
  convert: ["convert"],
};

const USAGE = `Usage: node bench/run.mjs [options]   (or: npx -y pnpm@10 bench [options])

Builds the packages, generates the workloads, checks every answer against CPython's, then times
each measurement as its own process, peers alternated with ours, and writes bench/RESULTS.md
(a run of every group) or bench/results/RESULTS-<groups>.md (--only). See bench/README.md.

Options:
  --scale X     workload size, in (0, 4]; 1 is full size (~1.3 GB of inputs, ~50 min),
                0.05 the quick run (a few minutes)                          [default: 1]
  --runs N      timed runs per measurement; the table shows the median       [default: 3]
  --only a,b    only these groups: ${Object.keys(GROUP_WORKLOADS).join(", ")}
  --no-build    measure the packages' dist/ as built, without building first
  --timeout S   seconds before one measurement is killed and reported failed [default: 1200]
  -h, --help    this text

Examples:
  node bench/run.mjs --scale 0.05 --runs 1
  node bench/run.mjs --only records,stream --runs 5
`;

/** A wrong command line: the reason and the usage on stderr, exit 2 (as the CLI's usage errors). */
function usageError(message) {
  process.stderr.write(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      scale: { type: "string", default: "1" },
      runs: { type: "string", default: "3" },
      only: { type: "string", default: "" },
      "no-build": { type: "boolean", default: false },
      timeout: { type: "string", default: "1200" },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (error) {
  usageError(error.message);
}
if (opts.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const settings = { scale: Number(opts.scale), runs: Number(opts.runs), timeoutS: Number(opts.timeout) };
// One folder per scale, so switching between the quick and the full run regenerates nothing.
const DATA = join(BENCH, "data", `scale-${settings.scale}`);
if (!(settings.scale > 0 && settings.scale <= 4)) usageError(`--scale must be in (0, 4], got ${opts.scale}`);
if (!(Number.isInteger(settings.runs) && settings.runs >= 1)) usageError(`--runs must be an integer >= 1, got ${opts.runs}`);
if (!(settings.timeoutS > 0)) usageError(`--timeout must be seconds > 0, got ${opts.timeout}`);
const onlyGroups = opts.only ? opts.only.split(",").filter(Boolean) : Object.keys(GROUP_WORKLOADS);
const unknownGroups = onlyGroups.filter((g) => !(g in GROUP_WORKLOADS));
if (unknownGroups.length > 0) usageError(`--only: unknown group(s) ${unknownGroups.join(", ")}`);

const log = (text) => process.stderr.write(`${text}\n`);
const startedAt = new Date();

function step(title, command, args, cwd) {
  log(`\n# ${title}: ${command} ${args.join(" ")}`);
  return spawnSync(command, args, { cwd, stdio: "inherit" }).status === 0;
}

// 1. Build the packages in dependency order (pnpm -r sorts them). turbo would need a pnpm
// binary on the PATH, which `npx pnpm` does not provide. A package that does not build yet is
// measured as n/a, so a failure only warns.
const BUILD = ["-y", "pnpm@10", "--recursive", "--filter", "./packages/*", "run", "build"];
if (!opts["no-build"] && !step("build", "npx", BUILD, REPO)) {
  log("bench: the build failed; measuring what was built (missing parts show as n/a)");
}

// 2. Workloads (GROUP_WORKLOADS above): generated once per scale, reused after.
const workloads = [...new Set(onlyGroups.flatMap((g) => GROUP_WORKLOADS[g]))];
const genArgs = [join(BENCH, "gen", "generate.py"), "--scale", String(settings.scale), "--out", DATA, "--only", workloads.join(",")];
if (!step("workloads", "python3", genArgs, REPO)) throw new Error("bench: generating the workloads failed");
const manifest = JSON.parse(readFileSync(join(DATA, "manifest.json"), "utf8"));
const sizes = Object.assign({}, ...workloads.map((w) => manifest.workloads[w].bytes));
const sizeOf = (rel) => sizes[rel] ?? 0;

// The msgpack peer needs Python's msgpack module: Debian's python3-msgpack (for /usr/bin/python3).
if (onlyGroups.includes("records")) ensurePythonMsgpack();

const groups = buildCases({ benchDir: BENCH, dataDir: DATA, cliBin: CLI_BIN, sizeOf }).filter((g) => onlyGroups.includes(g.id));
const cases = groups.flatMap((g) => g.cases);
mkdirSync(SCRATCH, { recursive: true });

const scratch = (c, ext) => join(SCRATCH, `${c.id.replaceAll("/", "--")}.${ext}`);
const isProbe = (c) => c.argv.some((a) => a.startsWith(join(BENCH, "suites")));
const isCli = (c) => c.argv.includes(CLI_BIN);
const argvFor = (c, isVerify) =>
  [...c.argv, ...(isVerify && c.check?.from === "probe" ? c.check.args : [])].map((a) => (a === "{OUT}" ? scratch(c, "out") : a));

function measure(c, { isVerify }) {
  const stdoutPath = isVerify || isProbe(c) ? scratch(c, "stdout") : "/dev/null";
  return measureProcess(argvFor(c, isVerify), { stdoutPath, stderrPath: scratch(c, "stderr"), timeoutS: settings.timeoutS });
}

/** Why a run did not produce a result: n/a (not built yet) or failed, with a one-line reason. */
function failure(c, m) {
  if (m.timedOut) return { status: "failed", reason: `timed out after ${settings.timeoutS} s` };
  if (isProbe(c) && m.exitCode === EXIT_NOT_AVAILABLE) return { status: "n/a", reason: probeLine(m.stdoutPath)?.na ?? "not available" };
  if (isCli(c) && !existsSync(CLI_DIST)) return { status: "n/a", reason: "CLI not built yet" };
  // Exit 2 is the CLI's usage error: the command or option the bench calls does not exist yet.
  if (isCli(c) && (m.exitCode === 2 || /not available in this build/.test(firstErrorLine(m.stderrPath))))
    return { status: "n/a", reason: `CLI: ${firstErrorLine(m.stderrPath)}` };
  if (m.exitCode !== 0) return { status: "failed", reason: `exit ${m.exitCode}: ${firstErrorLine(m.stderrPath)}` };
  return null;
}

// 3. Verify: each case once, its answer checked against the CPython oracle of its group. This
// run also warms the page cache, so timed runs all read from memory.
log(`\n# verify (${cases.length} measurements)`);
const verdicts = new Map();
const oracles = new Map();
for (const c of cases) {
  const m = measure(c, { isVerify: true });
  let verdict = failure(c, m);
  if (verdict === null && c.check !== null) {
    let check;
    if (c.check.from === "probe") {
      check = probeLine(m.stdoutPath)?.check;
    } else {
      const file = c.check.file === "out" ? scratch(c, "out") : m.stdoutPath;
      const verifier = [process.execPath, join(BENCH, "lib", "verify-output.mjs"), c.check.from, c.check.kind, file];
      const vm = measureProcess(verifier, { stdoutPath: scratch(c, "verify"), stderrPath: scratch(c, "verify-err"), timeoutS: settings.timeoutS });
      check = vm.exitCode === 0 ? probeLine(vm.stdoutPath)?.check : undefined;
      if (check === undefined) verdict = { status: "wrong", reason: `output unreadable as ${c.check.from}: ${firstErrorLine(vm.stderrPath)}` };
    }
    if (c.oracle) {
      oracles.set(c.group, check);
    } else if (verdict === null) {
      const expected = oracles.get(c.group);
      const diffs = expected === undefined ? ["no CPython answer to compare with"] : diffChecks(check, expected);
      if (diffs.length > 0) verdict = { status: "wrong", reason: diffs.slice(0, 2).join("; ") };
    }
  }
  if (c.check?.from === "probe" && verdict?.status === "failed" && c.id.includes("pickleparser")) {
    verdict.reason = `cannot decode: ${verdict.reason}`;
  }
  verdicts.set(c.id, verdict ?? { status: "ok" });
  rmSync(scratch(c, "out"), { force: true });
  if (!isProbe(c)) rmSync(scratch(c, "stdout"), { force: true });
  const v = verdicts.get(c.id);
  log(`  ${c.id.padEnd(30)} ${v.status}${v.reason ? `: ${v.reason}` : ""}  (${m.wallS.toFixed(2)} s)`);
}

// 4. Time: every runnable case once per run; the order flips each run so no case always runs
// right after the same neighbour.
const samples = new Map(cases.map((c) => [c.id, []]));
for (let run = 0; run < settings.runs; run++) {
  log(`\n# run ${run + 1}/${settings.runs}`);
  for (const group of groups) {
    const order = run % 2 === 0 ? group.cases : [...group.cases].reverse();
    for (const c of order) {
      const status = verdicts.get(c.id).status;
      if (status !== "ok" && status !== "wrong") continue;
      const m = measure(c, { isVerify: false });
      rmSync(scratch(c, "out"), { force: true });
      const bad = failure(c, m);
      if (bad) {
        log(`  ${c.id.padEnd(30)} ${bad.status}: ${bad.reason}`);
        continue;
      }
      const timeS = c.metric === "inner" ? probeLine(m.stdoutPath)?.innerS : m.wallS;
      samples.get(c.id).push({ timeS, rssMB: m.maxRssKB / 1024 });
      log(`  ${c.id.padEnd(30)} ${timeS.toFixed(3)} s  ${(m.maxRssKB / 1024).toFixed(0)} MB`);
    }
  }
}

// 5. Report.
const results = new Map();
for (const c of cases) {
  const verdict = verdicts.get(c.id);
  const s = samples.get(c.id);
  const timed = s.length > 0 ? { timeS: median(s.map((x) => x.timeS)), rssMB: median(s.map((x) => x.rssMB)) } : {};
  const status = (verdict.status === "ok" || verdict.status === "wrong") && s.length === 0 ? "failed" : verdict.status;
  const reason = status === "failed" && !verdict.reason ? "every timed run failed" : verdict.reason;
  results.set(c.id, { id: c.id, status, reason, bytes: c.bytes, runs: s.length, ...timed });
}
const runFile = `run-${startedAt.toISOString().replaceAll(":", "-")}.json`;
const previous = loadPreviousRun(RESULTS, settings.scale, runFile);
const targets = evaluateTargets(results);
const info = infoFigures(results);
const machine = describeMachine(REPO);
const elapsedS = (Date.now() - startedAt.getTime()) / 1000;

process.stdout.write(`${consoleTable(groups, results, previous)}\n\n== targets\n${targetsText(targets)}\n${infoText(info)}\n`);
writeFileSync(join(RESULTS, runFile), `${JSON.stringify({ scale: settings.scale, runs: settings.runs, machine, startedAt, cases: [...results.values()] }, null, 1)}\n`);
// A partial run (--only) must not overwrite the full table that is committed.
const resultsPath = opts.only ? join(RESULTS, `RESULTS-${onlyGroups.join("-")}.md`) : join(BENCH, "RESULTS.md");
writeFileSync(
  resultsPath,
  resultsMarkdown({ groups, results, previous, targets, info, machine, settings, sizes, startedAt: startedAt.toISOString(), elapsedS, profileNotes: readFileSync(join(BENCH, "PROFILE-NOTES.md"), "utf8") }),
);
log(`\nbench: ${Math.round(elapsedS)} s; wrote ${resultsPath} and bench/results/${runFile}`);

/** Installs python3-msgpack with apt when no python3 here has msgpack and we may (root, apt-get). */
function ensurePythonMsgpack() {
  const has = (python) => spawnSync(python, ["-c", "import msgpack"], { stdio: "ignore" }).status === 0;
  if (has("python3") || has("/usr/bin/python3")) return;
  if (process.getuid?.() !== 0 || spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0) {
    log("bench: no python3 has msgpack (apt-get install python3-msgpack): the msgpack peer will fail");
    return;
  }
  log("bench: installing python3-msgpack for the msgpack peer");
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  spawnSync("apt-get", ["install", "-y", "-qq", "python3-msgpack"], { stdio: "inherit" });
}
