// Files a review of the audit built to slip code past it through the containers and formats the
// libraries read (fixtures/audit-corpus/evasions, made by the scripts there; each runs
// os.system when joblib.load, numpy.load(allow_pickle=True) or torch.load reads it, checked
// when they were made; r18_, r20_, r22_ and r23_ ones by those reviews' scripts in
// r18-scripts/, r20-scripts/, r22-scripts/ and r23-scripts/). None may be called safe: each is dangerous where the audit can see the
// payload, unknown where it cannot tell what the library reads.
import { readdirSync, readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { AuditStream, auditFile, type FileAudit } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";
import { testPath } from "../../helpers/python.js";

const dir = "fixtures/audit-corpus/evasions";
const inflateRaw = (data: Uint8Array, size: number): Uint8Array => inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(testPath(`${dir}/${name}`)));
const reasons = (audit: FileAudit): string => [audit.error?.reason ?? "", ...audit.records.flatMap((record) => record.findings.map((finding) => finding.reason))].join("\n");

const FILES = readdirSync(testPath(dir)).filter((name) => /\.(joblib|npy|npz|pt|zip|pkl|gz)$/.test(name));

/** What each is, and why the audit must not call it safe. */
const EXPECTED: Record<string, { verdict: "dangerous" | "unknown"; says: RegExp }> = {
  // Review 18 (r18-scripts/ made them; each ran its payload under the loader named): the bytes
  // after a joblib array wrapper's BUILD are opcodes to pickle.load, torch.load and numpy.load.
  "r18_t01d_joblib_rawbytes_ossystem.pkl": { verdict: "dangerous", says: /read as pickle\.load[^\n]*calls os\.system/ },
  "r18_t01_joblib_rawbytes_noframe.pkl": { verdict: "unknown", says: /read as pickle\.load[^\n]*builtins\.print/ },
  "r18_n01_npy_object_t01.npy": { verdict: "unknown", says: /read as pickle\.load[^\n]*builtins\.print/ },
  "r18_n04_npz_object_t01.npz": { verdict: "unknown", says: /read as pickle\.load[^\n]*builtins\.print/ },
  "r18_t04_load_from_bytes_of_t01.pkl": { verdict: "unknown", says: /nested pickle[^\n]*builtins\.print/ }, // torch reads the nested pickle plainly
  "r18_z01_torch_t01_joblib_rawbytes.pt": { verdict: "unknown", says: /builtins\.print/ }, // torch.load: no joblib arrays at all
  // A wrapper made by calling its class: its __init__ gave it an alignment of 16 that joblib reads.
  "r18_t02_joblib_reduce_alignment.pkl": { verdict: "unknown", says: /made by calling its class/ },
  "r18_t06_joblib_obj_alignment.pkl": { verdict: "unknown", says: /made by calling its class/ },
  // A dtype whose state hides its object field from numpy: raw bytes become object pointers.
  "r18_t07_numpy_dtype_lying_flags_frombuffer.pkl": { verdict: "dangerous", says: /flags that do not say so in full/ },
  "r18_t08_numpy_ndarray_setstate_lying_dtype.pkl": { verdict: "dangerous", says: /flags that do not say so in full/ },
  // `g010` is memo 10 to CPython (base 10), not 8: the audit read a safe global there.
  "r18_t100_get_leading_zero_octal_swap.pkl": { verdict: "dangerous", says: /os\.system/ },
  // Review 20 (r20-scripts/): pickle.load's reading stopped by what CPython reads on past (a NUL in
  // GET's text, a frame CPython never checks), records pickle.load splits inside joblib's array
  // bytes, and numpy dtype states whose flags hide objects from numpy (or whose fields the audit
  // cannot see).
  "r20_B_get_nul.pkl": { verdict: "unknown", says: /read as pickle\.load[^\n]*where CPython reads on/ },
  "r20_B_put_nul.pkl": { verdict: "unknown", says: /read as pickle\.load[^\n]*where CPython reads on/ },
  "r20_B_frame_straddle.pkl": { verdict: "dangerous", says: /read as pickle\.load[^\n]*breaks the frame rule/ },
  "r20_B_frame_nested.pkl": { verdict: "dangerous", says: /read as pickle\.load[^\n]*breaks the frame rule/ },
  "r20_n_get_nul.npy": { verdict: "unknown", says: /where CPython reads on/ },
  "r20_t04x_load_from_bytes_of_B_get_nul.pkl": { verdict: "unknown", says: /nested pickle/ },
  "r20_r01_append_inside_rawbytes.pkl": { verdict: "dangerous", says: /read as pickle\.load[^\n]*os\.system/ },
  "r20_r02_append_inside_rawbytes_plus_tail.pkl": { verdict: "dangerous", says: /read as pickle\.load[^\n]*os\.system/ },
  "r20_r03_swallow_stop.pkl": { verdict: "unknown", says: /pickle\.load reads records across/ },
  "r20_d00_control_O_flags0.pkl": { verdict: "dangerous", says: /flags that do not say so in full/ },
  "r20_d03_flags1_no_listpickle.pkl": { verdict: "dangerous", says: /do not say so in full \(flags 1;/ },
  "r20_d05_flags_true.pkl": { verdict: "dangerous", says: /do not say so in full \(flags 1;/ },
  "r20_d07_fields_mutated_after_build.pkl": { verdict: "dangerous", says: /changes the fields of a numpy dtype/ },
  "r20_d09_subarray_O_control.pkl": { verdict: "dangerous", says: /flags that do not say so in full/ },
  "r20_d12_inner_dtype_rebuilt_after_outer.pkl": { verdict: "dangerous", says: /after another dtype took it as a field/ },
  ...Object.fromEntries(
    ["d01_field_dtype_object_word", "d02_field_dtype_of_builtins_object", "d04_field_dtype_list_arg", "d06_fields_via_dict_call", "d08_subarray_object_word", "d10_field_dtype_Ocomma", "d11_field_title_tuple"].map(
      (name) => [`r20_${name}.pkl`, { verdict: "unknown" as const, says: /cannot tell whether a numpy\.dtype holds Python objects/ }],
    ),
  ),
  // Review 22 (r22-scripts/): numpy takes every flag bit and the fields' layout on trust (flags
  // without NEEDS_INIT free unset memory as objects; overlapping or out-of-bounds object fields
  // read other bytes as pointers), dtypes made by copyreg's helpers, a datetime state without its
  // metadata (numpy 2 crashes), and an object array's own pickle, which joblib reads with
  // pickle.load and then reads on from where it stopped.
  "r22_e1_overlap_obj_f8_flags27.pkl": { verdict: "dangerous", says: /lays out a field of Python objects[^\n]*overlapping/ },
  "r22_e1b_overlap_obj_then_f8.pkl": { verdict: "dangerous", says: /lays out a field of Python objects[^\n]*overlapping/ },
  "r22_e3b_field_offset_oob_obj.pkl": { verdict: "dangerous", says: /lays out a field of Python objects[^\n]*past elsize/ },
  "r22_e2_O_flags3_n512.pkl": { verdict: "dangerous", says: /do not say so in full \(flags 3;/ },
  "r22_e2_O_flags55_n512.pkl": { verdict: "dangerous", says: /do not say so in full \(flags 55;/ },
  "r22_f_O_flags11_n512.pkl": { verdict: "dangerous", says: /do not say so in full \(flags 11;/ },
  "r22_g1_reconstructor_dtype_O_flags0.pkl": { verdict: "dangerous", says: /do not say so in full \(flags 0;/ },
  "r22_g4_copyreg_newobj_dtype.pkl": { verdict: "dangerous", says: /do not say so in full \(flags 0;/ },
  "r22_e3_field_offset_oob_plain.pkl": { verdict: "unknown", says: /a field past elsize/ },
  "r22_e4_names_omit_obj_field.pkl": { verdict: "unknown", says: /a field that is not among the names/ },
  "r22_e5_subarray_shape_oob.pkl": { verdict: "unknown", says: /a sub-array whose elsize/ },
  "r22_g2_bytes_names_O_flags0.pkl": { verdict: "unknown", says: /fields it did not see built with str keys/ },
  "r22_g3_str_call_key_O_flags0.pkl": { verdict: "unknown", says: /fields it did not see built with str keys/ },
  "r22_h1_datetime_state_no_metadata.pkl": { verdict: "unknown", says: /a datetime type without the metadata/ },
  "r22_j01_object_array_pickle_stops_early.pkl": { verdict: "dangerous", says: /os\.system/ },
  // Review 23 (r23-scripts/): a fixed type's state elsize (numpy keeps the type's size), O4 (an
  // 8-byte O to numpy), a dtype given its state after an array used it, titles in a dtype holding
  // objects (numpy 1.x walks every entry of the fields dict).
  "r23_a1_O_state_elsize4_overlap.pkl": { verdict: "dangerous", says: /an elsize its type does not have/ },
  "r23_a2_O_subarray_base_elsize4.pkl": { verdict: "dangerous", says: /an elsize its type does not have/ },
  "r23_a3_f8_state_elsize4_overlap.pkl": { verdict: "unknown", says: /an elsize its type does not have/ },
  "r23_a4_O4_field_built.pkl": { verdict: "dangerous", says: /overlapping another/ },
  "r23_a4b_O4_field_unbuilt.pkl": { verdict: "dangerous", says: /overlapping another/ },
  "r23_b1_dtype_built_after_array.pkl": { verdict: "dangerous", says: /after a call was given it/ },
  "r23_t1_title_entry_differs.pkl": { verdict: "unknown", says: /a title in a dtype holding objects/ },
  "r23_t2_title_not_identical.pkl": { verdict: "unknown", says: /a title in a dtype holding objects/ },
  // CPython stops at PROTO 6 (ValueError); the audit must not walk on and call the rest safe.
  "r18_t86_proto6.pkl": { verdict: "unknown", says: /unsupported pickle protocol: 6/ },
  // dtype state flags 63: joblib unpickles what follows, and pickle.load reads it as opcodes.
  "jA.joblib": { verdict: "dangerous", says: /read as pickle\.load[^\n]*os\.system/ },
  "jB.joblib": { verdict: "unknown", says: /its state is not a dict the audit followed/ }, // a second BUILD on the wrapper
  "jC.joblib": { verdict: "unknown", says: /its state is not a dict the audit followed/ }, // state built by MARK ... DICT
  "jD.joblib": { verdict: "unknown", says: /its shape is not a tuple/ }, // shape a list
  "jE.joblib": { verdict: "unknown", says: /its alignment is not an int or None/ }, // alignment a float
  "z1.npz": { verdict: "dangerous", says: /os\.system/ }, // an object .npy named without .npy
  "z2.npz": { verdict: "unknown", says: /past its 1 members: zip readers disagree/ }, // count against directory size
  "z3.npz": { verdict: "unknown", says: /zip readers disagree on which record to read/ }, // two end records
  "z4.npz": { verdict: "unknown", says: /zip readers disagree on this archive's offsets/ }, // prepended-data offsets
  "t1.pt": { verdict: "unknown", says: /zip readers disagree on which record to read/ }, // two directories, two data.pkl
  "t2.pt": { verdict: "dangerous", says: /os\.system/ }, // data.PKL: torch finds members in any case
  "zipprepend.pkl.zip": { verdict: "unknown", says: /ends like a zip archive/ }, // a pickle holding a zip as BINBYTES: pandas reads the zip
  "zip64.pkl.zip": { verdict: "unknown", says: /zip64 locator points to/ }, // zipfile reads the zip64 record before the locator, miniz where it points
  "zip64.npz": { verdict: "unknown", says: /zip64 locator points to/ },
  "jb_comma.pkl": { verdict: "unknown", says: /type string is not one the audit can size/ }, // dtype "i8,i8": a structured type of two
  "jb_frame.pkl": { verdict: "unknown", says: /not the last opcode of its frame/ }, // joblib reads the array after the frame
  "jb_rebuild.pkl": { verdict: "unknown", says: /built a second time/ }, // a second BUILD keeps the first's alignment
  "jb_recon.pkl": { verdict: "dangerous", says: /NumpyArrayWrapper as an argument to copyreg._reconstructor/ }, // a wrapper made by _reconstructor
  "ba.pkl": { verdict: "dangerous", says: /on data computed at load time/ }, // a bytearray set in place, then given to _load_from_bytes
  "pandas-member.zip": { verdict: "dangerous", says: /os\.system/ }, // pandas.read_pickle("x.zip") unpickles the one member, whatever its name
  "tar.pt": { verdict: "unknown", says: /tries to pop/ }, // torch's legacy tar: the file is no pickle, its storages read by torch's own lengths
  "tar2.pt": { verdict: "unknown", says: /lengths only it knows/ }, // the same, the file also a harmless pickle
  // A sixth review: what torch.load and zipfile read of a file, whatever it starts as.
  "ts_datetime.pt": { verdict: "unknown", says: /a TorchScript archive \(member "m\/code\/datetime\.py"\)/ }, // torch.jit.load runs code/datetime.py's __setstate__ for datetime.datetime
  "ts_pth.pt": { verdict: "unknown", says: /a TorchScript archive/ }, // the same, writing a .pth file that site runs
  "tarzip_pk56.pt": { verdict: "dangerous", says: /in storages: calls posix\.system/ }, // a tar whose first member is named PK\x05\x06: torch reads a zip only from PK\x03\x04
  "tarnpy.npy": { verdict: "dangerous", says: /in storages: calls posix\.system/ }, // a numeric .npy whose header's field name spells a tar header
  "gztar.pkl.gz": { verdict: "dangerous", says: /in storages: calls posix\.system/ }, // a gzip file whose FEXTRA field holds a tar from byte 0
  "zlibtar.pkl": { verdict: "dangerous", says: /in storages: calls posix\.system/ }, // the same in a zlib stream's stored block
  "npyzip.zip": { verdict: "unknown", says: /ends like a zip archive/ }, // a numeric .npy with a zip at its end: pandas.read_pickle("x.zip") reads the zip
  "legacyzip.zip": { verdict: "unknown", says: /ends like a zip archive/ }, // a legacy torch file with a zip at its end
};

describe("files built to slip code past the audit", () => {
  it("has the review's files", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(30);
    for (const name of Object.keys(EXPECTED)) expect(FILES).toContain(name);
  });

  it.each(FILES)("%s is never safe, in one piece or read in chunks", (name) => {
    const bytes = read(name);
    const audit = auditFile(bytes, { inflateRaw });
    expect(audit.verdict, reasons(audit)).not.toBe("safe");
    const expected = EXPECTED[name];
    if (expected !== undefined) {
      expect(audit.verdict).toBe(expected.verdict);
      expect(reasons(audit)).toMatch(expected.says);
    }
    for (const size of [7, 512, 4096]) {
      const stream = new AuditStream({ inflateRaw });
      for (let at = 0; at < bytes.length; at += size) stream.push(bytes.subarray(at, at + size));
      expect(stream.end().verdict).toBe(audit.verdict);
    }
  });

  it("audits the one member of pandas' zip (df.to_pickle(\"x.zip\"), named as the file) as the pickle pandas.read_pickle loads", () => {
    const audit = auditFile(new Uint8Array(readFileSync(testPath("fixtures/audit-corpus/pandas-frame.zip"))), { inflateRaw });
    expect(audit.container?.members).toEqual([expect.objectContaining({ name: "df", kind: "pickle", verdict: "safe" })]);
    expect(audit.verdict).toBe("safe");
  });

  it("finds a zip end record at the end of a long input read in chunks of any size (the stream keeps the last 64 KiB)", () => {
    // PROTO 3, BINBYTES of 300 KB ending in a zip end record whose 1-byte comment is STOP.
    const endRecord = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array(16).fill(0), 1, 0, 0x2e]);
    const payload = new Uint8Array(300_000 + endRecord.length - 1);
    payload.set(endRecord.subarray(0, endRecord.length - 1), 300_000);
    const head = Uint8Array.from([0x80, 0x03, 0x42, ...new Uint8Array(new Uint32Array([payload.length]).buffer)]);
    const bytes = Uint8Array.from([...head, ...payload, 0x2e]);
    expect(auditFile(bytes).verdict).toBe("unknown");
    const plain = bytes.slice();
    plain[head.length + 300_000] = 0; // no longer a signature
    expect(auditFile(plain).verdict).toBe("safe");
    for (const size of [1000, 65_536, 70_000, 200_000]) {
      for (const [input, verdict] of [[bytes, "unknown"], [plain, "safe"]] as const) {
        const stream = new AuditStream();
        for (let at = 0; at < input.length; at += size) stream.push(input.subarray(at, at + size));
        expect(stream.end().verdict, `chunks of ${size}`).toBe(verdict);
      }
    }
  });

  it("reads .npy headers numpy writes for numeric arrays as numeric (no pickle after them)", () => {
    for (const file of ["numpy-ints.npy"]) {
      const audit = auditFile(new Uint8Array(readFileSync(testPath(`fixtures/audit-corpus/libs/${file}`))));
      expect(audit).toMatchObject({ verdict: "safe", records: [] });
    }
  });
});
