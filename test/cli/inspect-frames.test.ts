// The frame trick through the command (issue 13): a FRAME that ends inside a BININT, so that
// CPython's pickle.load(f) runs a GLOBAL+REDUCE a linear reader sees as a BINBYTES payload
// (test/core/frames.test.ts shows CPython doing it). `inspect` calls it dangerous (exit 3) and
// names the frame rule; decoding it is refused with FRAME_OVERRUN at the BININT.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWorkDir, runCli } from "./run-cli.js";

/** PROTO 4, FRAME(2) holding `J` and one byte; after it the BINBYTES that hides builtins.print. */
function frameTrick(): Uint8Array {
  const hidden = "cbuiltins\nprint\n(Vpwned by the frame trick\ntR0";
  let payload = `\0${hidden}`;
  while (payload.length + 2 <= 0x4a) payload += "N0";
  if (payload.length < 0x4a) payload += "N";
  const text = `\x80\x04\x95\x02\0\0\0\0\0\0\0J\0\0\0\0BJ\0\0\0${payload}.`;
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

describe("pkl-stream inspect on the frame trick", () => {
  let dir = "";
  let remove = (): void => {};
  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    writeFileSync(join(dir, "trick.pkl"), frameTrick());
  });
  afterAll(() => remove());

  it("calls the file dangerous (exit 3) and says it breaks the frame rule at the BININT", () => {
    const result = runCli(["inspect", "trick.pkl"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.text.split("\n")[0]).toMatch(/^trick\.pkl: dangerous/);
    expect(result.text).toMatch(/frame rule/);
    expect(result.text).toMatch(/BININT/);
  });

  it("refuses to decode the file, naming FRAME_OVERRUN's offset and opcode", () => {
    const result = runCli(["trick.pkl"], { cwd: dir });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/record 0 at byte 11: .*FRAME.* \(opcode BININT 0x4a\)/);
  });
});
