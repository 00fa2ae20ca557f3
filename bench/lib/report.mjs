// Turns the medians into the console table and bench/RESULTS.md.

const num = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : "");

/** One row per case: strings ready for a table. */
function rows(group, results, previous) {
  const reference = results.get(`${group.id}/cpython`);
  return group.cases.map((c) => {
    const r = results.get(c.id);
    const ok = r.status === "ok" || r.status === "wrong";
    const timeS = ok ? r.timeS : Number.NaN;
    const prev = previous.times.get(c.id);
    const vsCpython = c.id.endsWith("/cpython") || !reference || reference.status !== "ok" ? "" : `${num(reference.timeS / timeS, 2)}x`;
    return {
      label: c.label + (c.metric === "inner" ? " *" : ""),
      time: num(timeS, timeS < 1 ? 3 : 2),
      mbps: c.bytes > 0 && ok ? num(c.bytes / 1e6 / timeS, 0) : "",
      rss: ok ? num(r.rssMB, 0) : "",
      vsCpython: ok ? vsCpython : "",
      vsLast: ok && prev ? `${num(timeS / prev, 2)}` : "",
      note: r.status === "ok" ? (c.suite === "overhead" ? "overhead" : "") : `${r.status}: ${r.reason}`,
    };
  });
}

const COLUMNS = [
  ["label", "measurement"],
  ["time", "time s"],
  ["mbps", "MB/s"],
  ["rss", "peak RSS MB"],
  ["vsCpython", "vs CPython"],
  ["vsLast", "vs last run"],
  ["note", "note"],
];

export function consoleTable(groups, results, previous) {
  const out = [];
  for (const group of groups) {
    const body = rows(group, results, previous);
    const widths = COLUMNS.map(([key, title]) => Math.max(title.length, ...body.map((row) => row[key].length)));
    const line = (cells) => cells.map((cell, i) => (i === 0 || i === 6 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
    out.push("", `== ${group.title}`, line(COLUMNS.map(([, title]) => title)));
    for (const row of body) out.push(line(COLUMNS.map(([key]) => row[key])).trimEnd());
  }
  return out.join("\n");
}

export function targetsText(targets) {
  return targets.map((t) => `${t.met === null ? "n/a    " : t.met ? "MET    " : "NOT MET"}  ${t.name}: ${t.figure}`).join("\n");
}

export function infoText(info) {
  return info.map((i) => `         ${i.name}: ${i.figure}`).join("\n");
}

export function resultsMarkdown({ groups, results, previous, targets, info, machine, settings, sizes, startedAt, elapsedS, profileNotes }) {
  const md = [];
  md.push("# Benchmark results", "");
  md.push("Written by `pnpm bench` (bench/run.mjs); every run overwrites this file. Commit it with the code it measured.", "");
  md.push(`- Date: ${startedAt} (the run took ${Math.round(elapsedS)} s)`);
  md.push(`- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB RAM; load average at start ${machine.load}`);
  md.push(`- Node ${machine.node}; Python ${machine.python}; commit ${machine.commit}${machine.isDirty ? " plus uncommitted changes in packages/" : ""}`);
  md.push(`- Scale ${settings.scale}${settings.scale === 1 ? " (full size)" : " (NOT full size)"}; median of ${settings.runs} runs; groups: ${groups.map((g) => g.id).join(", ")}`);
  md.push(`- Inputs: ${Object.entries(sizes).map(([f, b]) => `${f} ${(b / 1e6).toFixed(1)} MB`).join(", ")}`);
  const load = Number(machine.load.split(" ")[0]);
  if (load > machine.cores) {
    md.push("", `**The machine was busy (load ${load} on ${machine.cores} cores): these figures are noise, not a measurement of the code.**`);
  }
  md.push("");
  md.push("Each figure is one whole process (start-up included), timed from spawn to exit; peak RSS is the process's max RSS.");
  md.push("Rows marked * time one phase inside the process (the encode alone). \"vs CPython\" is CPython's time divided by the row's: above 1 is faster than CPython.");
  md.push("Each answer is checked against CPython's before timing (counts and sums of every field); rows that fail the check say so.", "");
  md.push("## Targets (issues #6 and #12)", "");
  md.push("| target | figure | status |", "| --- | --- | --- |");
  for (const t of targets) md.push(`| ${t.name} | ${t.figure} | ${t.met === null ? "n/a" : t.met ? "met" : "**not met**"} |`);
  md.push("", "Asked for by other issues:", "");
  for (const i of info) md.push(`- ${i.name}: ${i.figure}`);
  md.push("");
  for (const group of groups) {
    md.push(`## ${group.title}`, "");
    md.push(`| ${COLUMNS.map(([, title]) => title).join(" | ")} |`);
    md.push(`| --- |${" ---: |".repeat(COLUMNS.length - 2)} --- |`);
    for (const row of rows(group, results, previous)) md.push(`| ${COLUMNS.map(([key]) => row[key].replaceAll("|", "\\|")).join(" | ")} |`);
    md.push("");
  }
  if (previous.file) md.push(`"vs last run": this run's time divided by ${previous.file} (commit ${previous.commit ?? "?"}); above 1 is slower.`, "");
  // bench/PROFILE-NOTES.md: where the time goes, from profiles (the issue 12 targets ask for it).
  if (profileNotes) md.push(profileNotes.trim(), "");
  return `${md.join("\n")}\n`;
}
