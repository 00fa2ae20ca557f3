// The jq path subset of --select: parsing (steps and messages) and applying to decoded values.
import { createDict, loads, markTuple, type PyValue } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { selectPath } from "../../packages/cli/src/select.js";
import { formatPath, parsePath } from "../../packages/cli/src/select-path.js";

describe("parsePath", () => {
  it("reads keys, quoted keys, indexes and slices, chained", () => {
    expect(parsePath('.train[0]["a b"][2:5][-1][:3][4:].x_1')).toEqual([
      { kind: "key", key: "train" },
      { kind: "index", index: 0 },
      { kind: "key", key: "a b" },
      { kind: "slice", start: 2, end: 5 },
      { kind: "index", index: -1 },
      { kind: "slice", start: undefined, end: 3 },
      { kind: "slice", start: 4, end: undefined },
      { kind: "key", key: "x_1" },
    ]);
  });

  it("reads . as the whole record and .[0][0][3] as three indexes", () => {
    expect(parsePath(".")).toEqual([]);
    expect(parsePath(".[0][0][3]").map((step) => step.kind)).toEqual(["index", "index", "index"]);
    expect(parsePath('.a.["b"]')).toEqual([
      { kind: "key", key: "a" },
      { kind: "key", key: "b" },
    ]);
  });

  it("decodes JSON escapes in quoted keys", () => {
    expect(parsePath('.["say \\"hi\\"\\u00e9"]')).toEqual([{ kind: "key", key: 'say "hi"é' }]);
  });

  it.each([
    ["train", 'expected "." (paths start with a dot, as in jq: .key, .[0]) at character 1, found "t"'],
    [".[1", 'expected "]" or ":" at character 4, found the end'],
    ['.["a', 'expected a closing " at character 5, found the end'],
    [".[x]", 'expected an integer, a slice (2:5) or a "quoted key" at character 3, found "x"'],
    [".a..b", 'expected a key name or "[" at character 4, found "."'],
    [".[1:2:3]", 'expected an integer or "]" at character 6, found ":"'],
  ])("rejects %j saying where and what was expected", (path, message) => {
    expect(() => parsePath(path)).toThrow(`bad path ${JSON.stringify(path)}: ${message}`);
  });

  it("prints paths back as jq writes them", () => {
    expect(formatPath(parsePath('.a["b c"][1][2:]'))).toBe('.a["b c"][1][2:]');
    expect(formatPath(parsePath(".[0].x"))).toBe(".[0].x");
  });
});

describe("selectPath", () => {
  const record = (): PyValue => {
    const dict = createDict();
    dict["items"] = [10, 20, 30, 40];
    dict["pair"] = markTuple([1, "two"]);
    dict["blob"] = new Uint8Array([1, 2, 3]);
    dict["text"] = "añb😀c";
    return dict;
  };

  it("indexes lists, tuples and bytes, negative indexes from the end", () => {
    expect(selectPath(record(), parsePath(".items[-1]"))).toBe(40);
    expect(selectPath(record(), parsePath(".pair[1]"))).toBe("two");
    expect(selectPath(record(), parsePath(".blob[0]"))).toBe(1);
  });

  it("slices lists, bytes and strings (by code point) as Python and jq do", () => {
    expect(selectPath(record(), parsePath(".items[1:3]"))).toEqual([20, 30]);
    expect(selectPath(record(), parsePath(".items[-2:]"))).toEqual([30, 40]);
    expect(selectPath(record(), parsePath(".items[5:9]"))).toEqual([]);
    expect(selectPath(record(), parsePath(".blob[1:]"))).toEqual(new Uint8Array([2, 3]));
    expect(selectPath(record(), parsePath(".text[2:4]"))).toBe("b😀");
  });

  it("looks inside objects of known classes through their plain form", () => {
    // datetime.date(2024, 3, 1) pickled at protocol 2: its plain form is the ISO text.
    const pickle = Uint8Array.from(Buffer.from("gAJjZGF0ZXRpbWUKZGF0ZQpxAGNfY29kZWNzCmVuY29kZQpxAVgFAAAAB8OoAwFxAlgGAAAAbGF0aW4xcQOGcQRScQWFcQZScQcu", "base64"));
    expect(selectPath(loads(pickle), parsePath(".[0:4]"))).toBe("2024");
  });

  it("fails naming the step and the value when the path is not there", () => {
    expect(() => selectPath(record(), parsePath(".items[4]"))).toThrow(".items[4]: index 4 is out of range for a list of length 4");
    expect(() => selectPath(record(), parsePath(".pair.x"))).toThrow('.pair.x: cannot look up key "x" in a tuple');
    expect(() => selectPath(record(), parsePath(".nope"))).toThrow('.nope: no key "nope" in this dict (keys: "items", "pair", "blob", "text")');
    expect(() => selectPath(record(), parsePath(".[0]"))).toThrow(".[0]: cannot index a dict with a number");
    expect(() => selectPath(record(), parsePath(".items[0][0]"))).toThrow(".items[0][0]: cannot index an int with a number");
  });
});

describe("selectPath on Map-mode dicts (the CLI decodes dicts as Maps to keep key order and types)", () => {
  const dict = (): PyValue =>
    new Map<PyValue, PyValue>([
      ["b", 1],
      [2, "two"],
      [true, "yes"],
    ]);

  it("finds keys by the text the JSON output gives them", () => {
    expect(selectPath(dict(), parsePath(".b"))).toBe(1);
    expect(selectPath(dict(), parsePath('.["2"]'))).toBe("two");
    expect(selectPath(dict(), parsePath('.["true"]'))).toBe("yes");
  });

  it("lists the keys there are when one is missing", () => {
    expect(() => selectPath(dict(), parsePath(".c"))).toThrow('.c: no key "c" in this dict (keys: "b", "2", "true")');
  });
});
