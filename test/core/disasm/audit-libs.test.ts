import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";
import { auditFile } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";

/** Files the libraries wrote themselves (fixtures/audit-corpus/libs/make_libs.py, Debian's python3-* packages). */
interface LibFile {
  readonly file: string;
  readonly library: string;
  readonly holds: string;
  readonly carriesCode: boolean;
  readonly function: string | null;
}

const dir = new URL("../../fixtures/audit-corpus/libs/", import.meta.url);
const { files } = JSON.parse(readFileSync(new URL("libs.json", dir), "utf8")) as { files: LibFile[] };
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(file, dir))));
const inflateRaw = (data: Uint8Array, size: number): Uint8Array => inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
const audit = (file: string | Uint8Array) => auditFile(typeof file === "string" ? read(file) : file, { inflateRaw });
const reasons = (file: string | Uint8Array): string[] => audit(file).records.flatMap((record) => record.findings.map((finding) => finding.reason));

describe("inspect on pickles the libraries wrote", () => {
  const data = files.filter((entry) => !entry.carriesCode);
  const code = files.filter((entry) => entry.carriesCode);

  it.each(data.map((entry) => [entry.file, entry.holds] as const))("never calls %s (%s) dangerous and reads it to the end", (file) => {
    const result = audit(file);
    expect(result.verdict, reasons(file).join("\n")).not.toBe("dangerous");
    expect(result.error).toBeNull();
  });

  it.each(code.map((entry) => [entry.file, entry.function] as const))("calls %s dangerous and names the function %s it carries", (file, name) => {
    expect(audit(file).verdict).toBe("dangerous");
    expect(reasons(file).some((reason) => reason.includes(`function ${name}`) || reason.includes(`.${name} `))).toBe(true);
  });

  it("audits a torch.save zip by its data.pkl and skips the raw storages", () => {
    const result = audit("torch-state-dict.pt");
    expect(result.container?.format).toBe("torch-zip");
    const audited = result.container!.members.filter((member) => member.kind === "pickle").map((member) => member.name);
    expect(audited).toEqual([expect.stringMatching(/^[^/]+\/data\.pkl$/)]);
    expect(result.container!.members.some((member) => member.kind === "data" && /\/data\/\d+$/.test(member.name ?? ""))).toBe(true);
    expect(result.records.length).toBe(1);
  });

  it("gives the records of a stored zip member offsets in the file itself", () => {
    const bytes = read("torch-state-dict.pt");
    const [record] = audit("torch-state-dict.pt").records;
    expect(bytes[record!.offset]).toBe(0x80); // PROTO, the member's first byte
  });

  it("audits the legacy torch.save bytes of pickle.dumps(tensor) as five nested pickles, not the raw storage after them", () => {
    // Its storage ids are what torch.load reads (safe); posix.posix_spawnp put in a nested pickle
    // in the storage class's place (the same length, so the nested bytes keep their size) is found.
    expect(audit("torch-tensor-plain.pkl")).toMatchObject({ verdict: "safe", error: null });
    const bytes = read("torch-tensor-plain.pkl");
    const text = Buffer.from(bytes).toString("latin1");
    const at = text.indexOf("torch\nFloatStorage\n");
    expect(at).toBeGreaterThan(0);
    const evil = Uint8Array.from(Buffer.from(`${text.slice(0, at)}posix\nposix_spawnp\n${text.slice(at + "torch\nFloatStorage\n".length)}`, "latin1"));
    const nested = reasons(evil).filter((reason) => reason.startsWith("a nested pickle"));
    expect(nested.some((reason) => reason.includes("posix.posix_spawnp"))).toBe(true);
    expect(nested.some((reason) => reason.includes("stops at"))).toBe(false);
  });

  it("audits the five pickles of a legacy torch.save file and not the raw storages after them", () => {
    const result = audit("torch-state-dict-legacy.pt");
    expect(result.container?.format).toBe("torch-legacy");
    expect(result.records.length).toBe(5);
    expect(result.error).toBeNull();
  });

  it("audits the pickle of an object array in a .npy and calls a numeric .npy safe without one", () => {
    expect(audit("numpy-object.npy").container?.format).toBe("npy");
    expect(audit("numpy-object.npy").records.length).toBe(1);
    expect(audit("numpy-ints.npy")).toMatchObject({ verdict: "safe", records: [] });
  });

  it("audits the object arrays of an .npz, stored or deflated", () => {
    for (const file of ["numpy-arrays.npz", "numpy-compressed.npz"]) {
      const result = audit(file);
      expect(result.container?.format).toBe("npz");
      expect(result.records.length).toBe(1);
    }
  });

  it("reads a joblib file past the raw bytes of every array to its last record", () => {
    for (const file of ["joblib-array.joblib", "joblib-tree.joblib"]) {
      const result = audit(file);
      expect(result.error).toBeNull();
      expect(result.records.at(-1)!.offset + result.records.at(-1)!.byteLength).toBe(read(file).length);
    }
  });

  it("calls joblib's NumpyArrayWrapper safe: the decoder rebuilds it", () => {
    const imports = audit("joblib-array.joblib").records[0]!.imports;
    expect(imports.find((entry) => entry.qualname === "joblib.numpy_pickle.NumpyArrayWrapper")?.verdict).toBe("safe");
  });

  it("finds os.system hidden in the pickle of an .npy object array", () => {
    const bytes = read("numpy-object.npy");
    const headerEnd = 10 + (bytes[8]! | (bytes[9]! << 8));
    const evil = Uint8Array.from([...bytes.subarray(0, headerEnd), ...Buffer.from("cos\nsystem\n(S'true'\ntR.", "latin1")]);
    const result = auditFile(evil);
    expect(result.verdict).toBe("dangerous");
    expect(result.records[0]!.findings[0]!.offset).toBe(headerEnd);
  });
});
