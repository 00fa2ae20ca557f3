// `pkl-stream convert` takes an input's format only when it is certain (the rule in
// `convert --help`): text is never read as msgpack, a corrupt protocol 0/1 pickle gets its
// pickle error, and what is refused says what it looks like. Pickles come from CPython.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requirePython } from "../helpers/python.js";
import { makeTempDir, runPython } from "../stream/python.js";
import { runCli } from "./run-cli.js";

/** Python: argv[2] pickled at protocol argv[1] (a literal), written to stdout. */
const DUMP_PY = `
import ast, pickle, sys
sys.stdout.buffer.write(pickle.dumps(ast.literal_eval(sys.argv[2]), protocol=int(sys.argv[1])))
`;

const VALUE = "[1, 2, {'a': 'b c'}, None, 2.5]";
const VALUE_NDJSON = '[1,2,{"a":"b c"},null,2.5]\n';

describe.runIf(requirePython())("pkl-stream convert: content sniffing", () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());
  const file = (name: string): string => join(temp.dir, name);
  const pickled = (protocol: number): Buffer => Buffer.from(runPython(DUMP_PY, [String(protocol), VALUE]), "latin1");

  it.each([
    ["a line of text on stdin", "hello\n", "hello"],
    ["a CSV file", "name,age\nbob,3\n", "name,age"],
    ["a README", "# Title\n\nSome prose here.\n", "# Title"],
  ])("refuses %s with exit 1, saying it looks like plain text, and writes nothing", (_name, input, start) => {
    const result = runCli(["convert"], { input });
    expect(result.status).toBe(1);
    expect(result.stdout.length).toBe(0);
    expect(result.stderr).toBe(
      `pkl-stream: <stdin>: format not recognised (pickle, JSON, NDJSON or msgpack): this looks like plain text (it starts ${JSON.stringify(start)}), not a pickle: a pickle is binary (protocol 2 and up) or protocol 0 opcode text; the text convert reads is JSON or NDJSON (one JSON value per line)\n`,
    );
  });

  it.each([0, 1])("reads a protocol %i pickle as a pickle", (protocol) => {
    const result = runCli(["convert"], { input: pickled(protocol) });
    expect([result.status, result.stderr, result.text]).toEqual([0, "", VALUE_NDJSON]);
  });

  it.each([0, 1])("gives a corrupt protocol %i pickle its pickle error, the one the main command gives", (protocol) => {
    const good = pickled(protocol);
    // The last APPEND(S) opcode replaced by a byte no opcode has, and the same pickle cut short.
    const corrupt = Buffer.from(good);
    corrupt[good.length - 2] = 0xff;
    for (const [name, bytes] of [
      [`corrupt.p${protocol}.pkl`, corrupt],
      [`cut.p${protocol}.pkl`, good.subarray(0, good.length - 4)],
    ] as const) {
      writeFileSync(file(name), bytes);
      const converted = runCli(["convert", file(name)]);
      const decoded = runCli([file(name)]);
      expect(converted.status, name).toBe(1);
      expect(converted.stdout.length, name).toBe(0);
      expect(converted.stderr, name).toMatch(/: record 0 at byte \d+: /);
      expect(converted.stderr, name).toBe(decoded.stderr);
    }
  });

  it("reads msgpack whose first value is a small int only from a file named .msgpack", () => {
    // A top-level JSON array is a list of records: the first record, 1, is the msgpack byte 01.
    writeFileSync(file("in.json"), VALUE_NDJSON);
    expect(runCli(["convert", file("in.json"), "-o", file("ints.msgpack")]).status).toBe(0);
    const back = runCli(["convert", file("ints.msgpack")]);
    expect([back.status, back.stderr, back.text]).toEqual([0, "", '1\n2\n{"a":"b c"}\nnull\n2.5\n']);
    const unnamed = runCli(["convert"], { input: runCli(["convert", file("ints.msgpack"), "-f", "msgpack"]).stdout });
    expect(unnamed.status).toBe(1);
    expect(unnamed.stderr).toMatch(/^pkl-stream: <stdin>: record 0 at byte 0: /);
  });

  it("reads msgpack of records that are maps or arrays from any input, and refuses other binary data saying so", () => {
    writeFileSync(file("in.ndjson"), VALUE_NDJSON + VALUE_NDJSON);
    expect(runCli(["convert", file("in.ndjson"), "-o", file("out.msgpack")]).status).toBe(0);
    const back = runCli(["convert"], { input: runCli(["convert", file("out.msgpack"), "-f", "msgpack"]).stdout });
    expect([back.status, back.stderr, back.text]).toEqual([0, "", VALUE_NDJSON + VALUE_NDJSON]);
    const binary = runCli(["convert"], { input: Buffer.from([0xc1, 0x00, 0x01, 0x02]) });
    expect(binary.status).toBe(1);
    expect(binary.stderr).toMatch(/^pkl-stream: <stdin>: format not recognised \(pickle, JSON, NDJSON or msgpack\): binary data starting c1 00 01 02 that is not whole msgpack values/);
  });

  it("refuses msgpack cut inside a value instead of reading what parses", () => {
    writeFileSync(file("whole.ndjson"), '{"key": "a long enough text"}\n');
    expect(runCli(["convert", file("whole.ndjson"), "-o", file("whole.msgpack")]).status).toBe(0);
    const result = runCli(["convert"], { input: runCli(["convert", file("whole.msgpack"), "-f", "msgpack"]).stdout.subarray(0, 8) });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/format not recognised .*not whole msgpack values/);
  });

  it("calls text whose first line starts like JSON but is none (a CSV of numbers) plain text, and names the bad line of NDJSON", () => {
    const csv = runCli(["convert"], { input: "1,2,3\n4,5,6\n" });
    expect(csv.status).toBe(1);
    expect(csv.stderr).toMatch(/format not recognised .*this looks like plain text \(it starts "1,2,3"\), not JSON or NDJSON \(NDJSON line 1: /);
    const ndjson = runCli(["convert"], { input: '{"a": 1}\n{"b":\n' });
    expect(ndjson.status).toBe(1);
    expect(ndjson.stderr).toMatch(/^pkl-stream: <stdin>: NDJSON line 2: JSON: /);
  });

  it("reads JSON text whose first word starts like a literal only when it is one", () => {
    const json = runCli(["convert"], { input: "null\ntrue\n" });
    expect([json.status, json.text]).toEqual([0, "null\ntrue\n"]);
    const text = runCli(["convert"], { input: "nothing to see\n" });
    expect(text.status).toBe(1);
    expect(text.stderr).toMatch(/this looks like plain text \(it starts "nothing to see"\)/);
  });
});
