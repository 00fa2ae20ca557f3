// picklesToJson: pickle bytes to NDJSON bytes through the tape engine, equal to readPickles +
// ndjsonWriter (the value path), errors after the records before them.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { toJson } from "@pkl-stream/core";
import { EncodeRecordError, picklesToJson, readPickles } from "@pkl-stream/stream";
import { describe, expect, it } from "vitest";
import { splitEvery } from "../helpers/chunks.js";

const sample = readFileSync(new URL("../../samples/appended-records.pkl", import.meta.url));

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (const chunk of splitEvery(bytes, size)) yield chunk;
}

async function tapeText(bytes: Uint8Array, options?: Parameters<typeof picklesToJson>[1]): Promise<{ text: string; error: unknown }> {
  const parts: Uint8Array[] = [];
  let error: unknown;
  try {
    for await (const part of picklesToJson(chunksOf(bytes, 1000), options)) parts.push(part);
  } catch (caught) {
    error = caught;
  }
  return { text: Buffer.concat(parts).toString("utf8"), error };
}

/** The value path: readPickles' values, each through toJson (the NDJSON writer's text). */
async function valueText(bytes: Uint8Array): Promise<{ text: string; error: unknown }> {
  let text = "";
  let error: unknown;
  try {
    for await (const value of readPickles(chunksOf(bytes, 1000), { dict: "map", wrapIntegralFloats: true, file: "in.pkl" })) {
      text += `${toJson(value)}\n`;
    }
  } catch (caught) {
    error = caught;
  }
  return { text, error };
}

describe("picklesToJson", () => {
  it("writes the sample's records as readPickles and toJson do", async () => {
    const expected = await valueText(sample);
    expect(expected.error).toBeUndefined();
    expect((await tapeText(sample)).text).toBe(expected.text);
  });

  it("gunzips gzip input by its content", async () => {
    expect((await tapeText(gzipSync(sample))).text).toBe((await valueText(sample)).text);
  });

  it("wraps each record with the framing's prefix and suffix", async () => {
    const framing = { prefix: (index: number, offset: number) => Buffer.from(`{"i":${index},"at":${offset},"v":`), suffix: "}\n" };
    const lines = (await tapeText(sample, { framing })).text.split("\n").filter((line) => line !== "");
    const plain = (await valueText(sample)).text.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(plain.length);
    expect(lines[0]).toBe(`{"i":0,"at":0,"v":${plain[0]}}`);
    expect(JSON.parse(lines[5]!).i).toBe(5);
  });

  it("stops after maxRecords records", async () => {
    const plain = (await valueText(sample)).text.split("\n");
    expect((await tapeText(sample, { maxRecords: 3 })).text).toBe(`${plain.slice(0, 3).join("\n")}\n`);
  });

  it("yields every record before a corrupt one, then throws the located error the value path throws", async () => {
    const bytes = Buffer.concat([sample, Buffer.from([0x80, 0x04, 0x68, 0x07, 0x2e])]);
    const tape = await tapeText(bytes, { file: "in.pkl" });
    const value = await valueText(bytes);
    expect(tape.text).toBe(value.text);
    expect((tape.error as Error).message).toBe((value.error as Error).message);
    expect((tape.error as Error).message).toMatch(/^in\.pkl: record 36 at byte \d+: memo key 7 is missing/);
  });

  it("says a zip archive is not a pickle", async () => {
    const zip = Buffer.from("PK\x03\x04\x14\x00\x00\x00\x08\x00archive/data.pkl", "latin1");
    const { text, error } = await tapeText(zip, { file: "model.pt" });
    expect(text).toBe("");
    expect((error as Error).message).toMatch(/^model\.pt: record 0 at byte 0: this is a zip archive/);
  });

  it("names the record a JSON error comes from", async () => {
    // l = []; l.append(l): decodes, but JSON cannot write it.
    const { error } = await tapeText(Buffer.concat([sample, Buffer.from([0x80, 4, 0x5d, 0x94, 0x68, 0, 0x61, 0x2e])]));
    expect(error).toBeInstanceOf(EncodeRecordError);
    expect((error as EncodeRecordError).recordIndex).toBe(36);
    expect((error as EncodeRecordError).offset).toBe(sample.length);
    // With a file name: on the error, and at its message's start, as a located PickleError has it.
    const named = (await tapeText(Buffer.concat([sample, Buffer.from([0x80, 4, 0x5d, 0x94, 0x68, 0, 0x61, 0x2e])]), { file: "in.pkl" })).error as EncodeRecordError;
    expect(named.file).toBe("in.pkl");
    expect(named.message).toBe(`in.pkl: ${named.cause.message}`);
  });
});
