// The stream package's JSON and msgpack outputs write nested computed callables and __effects__
// as toJson does: the cases of test/core/discarded_calls.py, with CPython's oracle answers.
import { picklesToJson, picklesToMsgpack } from "@pkl-stream/stream";
import { unpack } from "msgpackr";
import { describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";

interface Case {
  readonly name: string;
  readonly hex: string;
  readonly json: string;
}

const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"));

describe.runIf(requirePython())("placeholders with computed callables and effects in the stream outputs", () => {
  const cases = JSON.parse(runPythonScript(testPath("core/discarded_calls.py"))) as Case[];

  it("writes every case the same through the stream package's JSON and msgpack outputs (the tape engine declines placeholders to the Unpickler)", async () => {
    const collect = async (parts: AsyncIterable<Uint8Array>): Promise<Buffer> => {
      const chunks: Uint8Array[] = [];
      for await (const part of parts) chunks.push(part);
      return Buffer.concat(chunks);
    };
    for (const entry of cases) {
      const source = async function* (): AsyncGenerator<Uint8Array> {
        yield fromHex(entry.hex);
      };
      expect((await collect(picklesToJson(source()))).toString("utf8").trimEnd(), entry.name).toBe(entry.json);
      expect(unpack(await collect(picklesToMsgpack(source()))), entry.name).toEqual(JSON.parse(entry.json));
    }
  });

});
