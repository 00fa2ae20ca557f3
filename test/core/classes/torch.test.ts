// torch files and pickles as torch 1.13 writes them (test/fixtures/libs/torch/make_torch.py): the
// zip archive, the legacy torch.save format and plain pickles all decode to the JSON torch's own
// tensor.tolist() gives, and hostile variants end in PickleErrors.
import { readFileSync } from "node:fs";
import { auditFile } from "@pkl-stream/core/disasm";
import { dumps, isPickleError, loadAll, loads, loadTorch, type PyValue, toJson, TorchTensor } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { decodeChunks, splitRandomly } from "../../helpers/chunks.js";
import { JSON_DECODE_OPTIONS } from "../../helpers/fixtures.js";
import { pickleErrorOf } from "../../helpers/pickle-error.js";

const DIR = new URL("../../fixtures/libs/torch/", import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIR)));
const expected = (name: string): string => readFileSync(new URL(`${name}.json`, DIR), "utf8").trimEnd();
const CASES = ["state-dict", "tensors"] as const;
// legacy-pN: torch.save(..., _use_new_zipfile_serialization=False, pickle_protocol=N) (legacy.pt is N = 2).
const FORMS = ["zip.pt", "legacy.pt", "legacy-p1.pt", "legacy-p3.pt", "legacy-p4.pt", "legacy-p5.pt", "p0.pkl", "p2.pkl", "p4.pkl"] as const;
const ALL = CASES.flatMap((name) => FORMS.map((form) => [name, form] as const));

function decode(name: string, form: string): PyValue {
  const bytes = file(`${name}.${form}`);
  return form.endsWith(".pt") ? loadTorch(bytes, JSON_DECODE_OPTIONS) : loads(bytes, JSON_DECODE_OPTIONS);
}


const tensorsOf = (value: PyValue): Map<PyValue, PyValue> => value as Map<PyValue, PyValue>;

describe("torch files and pickles", () => {
  it.each(ALL)("%s as %s decodes to what tensor.tolist() gives in Python", (name, form) => {
    expect(toJson(decode(name, form))).toBe(expected(name));
  });

  it.each(CASES)("%s pickled plainly decodes the same in random chunks", (name) => {
    const bytes = file(`${name}.p2.pkl`);
    const { records } = decodeChunks(splitRandomly(bytes, 7, 50), JSON_DECODE_OPTIONS);
    expect(records.map((record) => toJson(record))).toEqual([expected(name)]);
  });

  it("gives a JS user each tensor as a typed array with its shape and dtype", () => {
    const tensors = tensorsOf(decode("tensors", "zip.pt"));
    const float32 = tensors.get("float32") as TorchTensor;
    expect(float32).toBeInstanceOf(TorchTensor);
    expect(float32.dtype).toBe("torch.float32");
    expect(float32.shape).toEqual([2, 3]);
    expect(float32.data).toBeInstanceOf(Float32Array);
    expect(Array.from(float32.data as Float32Array).slice(0, 2)).toEqual([Math.fround(0.1), -2.5]);
    const int64 = tensors.get("int64") as TorchTensor;
    expect(int64.data).toBeInstanceOf(BigInt64Array);
    expect(int64.data[2]).toBe(2n ** 53n + 1n);
  });

  it("widens float16 and bfloat16 tensors to exact Float32Array values", () => {
    const tensors = tensorsOf(decode("tensors", "legacy.pt"));
    expect(Array.from((tensors.get("float16") as TorchTensor).data as Float32Array)).toEqual([0.0999755859375, 65504, -2, 2 ** -24]);
    expect(Array.from((tensors.get("bfloat16") as TorchTensor).data as Float32Array)).toEqual([0.10009765625, 3.00405527047391e38, -2]);
  });

  it("copies a strided view into C order and keeps a contiguous one a view of the storage", () => {
    const tensors = tensorsOf(decode("tensors", "zip.pt"));
    const transposed = tensors.get("transposed") as TorchTensor;
    expect(transposed.shape).toEqual([4, 3]);
    expect(Array.from((transposed.data as Float32Array).slice(0, 3))).toEqual([0, 4, 8].map((n) => Math.fround(n / 3)));
    const shared = tensors.get("shares_b") as TorchTensor;
    expect(shared.storage).toBe((tensors.get("shares_a") as TorchTensor).storage);
    expect((shared.data as BigInt64Array).buffer).toBe(shared.storage.bytes.buffer);
  });

  it("pickles a tensor back as the numpy array of its values", () => {
    const value = decode("tensors", "zip.pt");
    expect(toJson(loads(dumps(value), JSON_DECODE_OPTIONS))).toBe(expected("tensors"));
  });

  it("marks a Parameter by its class", () => {
    const param = tensorsOf(decode("tensors", "p4.pkl")).get("param") as TorchTensor;
    expect(param.pyClass).toBe("torch.nn.parameter.Parameter");
    expect(param.requiresGrad).toBe(true);
  });

  it("reports a zip whose storage member is missing, naming it", () => {
    const bytes = file("state-dict.zip.pt").slice();
    // Rename archive/data/0 in the central directory (its local header keeps the name).
    const text = Buffer.from(bytes);
    const cd = text.lastIndexOf("archive/data/0");
    bytes[cd + "archive/data/".length] = "9".charCodeAt(0);
    const error = pickleErrorOf(() => loadTorch(bytes));
    expect(error.reason).toMatch(/storage 0 has no member archive\/data\/0/);
  });

  it("reports a tensor whose size reaches past its storage", () => {
    const bytes = file("state-dict.legacy.pt").slice();
    // The first storage's element count (after the key list, a PROTO 2 EMPTY_LIST pickle) made one smaller.
    const keysStart = Buffer.from(bytes).indexOf(Buffer.from([0x80, 0x02, 0x5d]));
    const keysEnd = bytes.indexOf(0x2e, keysStart) + 1;
    bytes[keysEnd] = bytes[keysEnd]! - 1;
    const error = pickleErrorOf(() => loadTorch(bytes));
    expect(error.reason).toMatch(/torch file: .*(cannot hold|reach element)/);
  });

  it.each(["state-dict.legacy.pt", "tensors.legacy.pt", "state-dict.zip.pt", "state-dict.legacy-p4.pt", "quantized.legacy.pt"])("throws only PickleErrors for %s cut at every byte", (name) => {
    const bytes = file(name);
    for (let cut = 0; cut < bytes.length; cut++) {
      const error = pickleErrorOf(() => loadTorch(bytes.subarray(0, cut)));
      expect(error.code).toMatch(/TRUNCATED|BAD_ARGUMENT|BAD_TYPE|STACK_UNDERFLOW|NO_MARK|UNKNOWN_OPCODE/);
    }
  });

  it.each(["state-dict.legacy.pt", "state-dict.zip.pt", "state-dict.legacy-p5.pt", "quantized.legacy-p4.pt"])("throws only PickleErrors for %s with any one byte replaced", (name) => {
    const bytes = file(name);
    for (let at = 0; at < bytes.length; at++) {
      for (const value of [0x00, 0xff, bytes[at]! ^ 0x01]) {
        const copy = bytes.slice();
        copy[at] = value;
        try {
          toJson(loadTorch(copy, JSON_DECODE_OPTIONS));
        } catch (error) {
          if (!isPickleError(error)) throw new Error(`byte ${at} = ${value}: ${String(error)}`);
        }
      }
    }
  });

  it("refuses an empty tensor whose size would expand to millions of lists, while decoding", () => {
    // torch.zeros(0, 3) pickled plainly: its size tuple (0, 3) becomes (2**30, 0).
    const bytes = file("tensors.p2.pkl");
    const text = Buffer.from(bytes);
    const at = text.indexOf(Buffer.from("empty", "latin1"));
    const sizeAt = text.indexOf(Buffer.from([0x4b, 0x00, 0x4b, 0x03, 0x86]), at); // BININT1 0, BININT1 3, TUPLE2
    expect(sizeAt).toBeGreaterThan(at);
    const copy = Buffer.concat([text.subarray(0, sizeAt), Buffer.from([0x4a, 0, 0, 0, 0x40, 0x4b, 0x00]), text.subarray(sizeAt + 4)]);
    const error = pickleErrorOf(() => loads(new Uint8Array(copy)));
    expect(error.reason).toMatch(/would expand to \d+ lists from no data/);
  });

  it("refuses a tensor of more than 64 dimensions while decoding (a 200k-d size overflowed the stack)", () => {
    const text = Buffer.from(file("tensors.p2.pkl"));
    const sizeAt = text.indexOf(Buffer.from([0x4b, 0x00, 0x4b, 0x03, 0x86]), text.indexOf(Buffer.from("empty", "latin1")));
    const manyDims = Buffer.from([0x28, ...Array.from({ length: 65 }, () => [0x4b, 0x01]).flat(), 0x74]); // MARK, 65 x BININT1 1, TUPLE
    const error = pickleErrorOf(() => loads(new Uint8Array(Buffer.concat([text.subarray(0, sizeAt), manyDims, text.subarray(sizeAt + 5)]))));
    expect(error.reason).toMatch(/size has 65 dimensions \(at most 64 are read\)/);
  });

  it("refuses a plain pickle's storage when the storage is not a torch file", () => {
    const bytes = file("tensors.p2.pkl");
    const at = Buffer.from(bytes).indexOf(Buffer.from("storage", "latin1"));
    const copy = bytes.slice();
    copy[at] = "X".charCodeAt(0);
    expect(() => loadAll(copy)).toThrow();
  });
});

// A quantized tensor (torch.quantize_per_tensor) is no tensor the decoder rebuilds: its storage is
// the placeholder of its persistent id and its _rebuild_qtensor call a placeholder, and the other
// values of the file decode (the whole file was refused). The JSON is make_torch.py's, made from
// the tensor (a legacy file names its storages by memory address: its own JSON beside it).
describe("a torch file holding a quantized tensor", () => {
  it.each(["zip.pt", "legacy.pt", "legacy-p4.pt"])("quantized.%s: the tensor is the placeholder of its pickle, the rest decodes", (form) => {
    const name = `quantized.${form}`;
    const json = form === "zip.pt" ? expected("quantized") : readFileSync(new URL(`${name}.json`, DIR), "utf8").trimEnd();
    expect(toJson(loadTorch(file(name), JSON_DECODE_OPTIONS))).toBe(json);
    const value = tensorsOf(loadTorch(file(name), JSON_DECODE_OPTIONS));
    expect(value.get("w")).toBeInstanceOf(TorchTensor);
    expect((value.get("q") as { pyClass: string }).pyClass).toBe("torch._utils._rebuild_qtensor");
  });

  it("is unknown to inspect, not dangerous: the quantization scheme it passes is data, no function", () => {
    const audit = auditFile(file("quantized.zip.pt"));
    expect(audit.verdict).toBe("unknown");
    expect(audit.records.flatMap((record) => record.findings.map((finding) => finding.reason)).join("\n")).not.toMatch(/per_tensor_affine as an argument/);
  });

  it("refuses a legacy file whose quantized storage's bytes run past its end", () => {
    const bytes = file("quantized.legacy.pt");
    // The last storage's bytes: the quantized one is first, the float one (2 x 4 bytes) last.
    const error = pickleErrorOf(() => loadTorch(bytes.subarray(0, bytes.length - 8 - 8 - 1)));
    expect(error.code).toBe("TRUNCATED");
    expect(error.reason).toMatch(/quantized|past the end|ends before/);
  });

  it("keeps refusing a storage class that is neither a dtype's nor quantized", () => {
    const text = Buffer.from(file("quantized.legacy.pt")).toString("latin1");
    const renamed = Uint8Array.from(Buffer.from(text.replace("QUInt8Storage", "QUInt9Storage"), "latin1"));
    expect(pickleErrorOf(() => loadTorch(renamed)).reason).toMatch(/torch\.QUInt9Storage is not a storage type pkl-stream reads/);
  });
});
