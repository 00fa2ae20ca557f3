import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import type { PyObjectValue, PyValue } from "../values/py-types.js";
import { readString } from "./arg-checks.js";
import type { ClassReconstructor } from "./registry.js";

type PathFlavour = "posix" | "windows";

/** A `pathlib` path; pickles hold its parts (`("/", "usr", "lib")`), JSON shows `str(path)`. */
export class PyPath implements PyObjectValue, PyReducible {
  readonly text: string;
  constructor(
    readonly pyClass: string,
    readonly flavour: PathFlavour,
    parts: readonly string[],
  ) {
    this.text = flavour === "posix" ? joinPosix(parts) : joinWindows(parts);
  }
  toString(): string {
    return this.text;
  }
  toPlain(): PyValue {
    return this.text;
  }
  /** `cls(str(self))`: Python pickles the parts, and the joined text parses back to the same parts. */
  reduceForPickle(): PyReduction {
    const dot = this.pyClass.lastIndexOf(".");
    return { callable: [this.pyClass.slice(0, dot), this.pyClass.slice(dot + 1)], args: [this.text] };
  }
}

const isComponent = (name: string): boolean => name !== "" && name !== ".";

/** `str(PurePosixPath(*parts))`: a rooted part restarts; `//` alone keeps both slashes, as POSIX allows. */
function joinPosix(parts: readonly string[]): string {
  let root = "";
  let names: string[] = [];
  for (const part of parts) {
    if (part.startsWith("/")) {
      root = part.startsWith("//") && !part.startsWith("///") ? "//" : "/";
      names = [];
    }
    for (const name of part.split("/")) if (isComponent(name)) names.push(name); // no spread: a path of 200k parts
  }
  return root + names.join("/") || ".";
}

/** Python 3.11 `_WindowsFlavour.splitroot`, for a part whose `/` are already `\`: [drive, root, rest]. */
function splitWindowsRoot(part: string): [string, string, string] {
  if (part.startsWith("\\\\") && part[2] !== "\\") {
    // UNC: \\server\share is the drive, and it always has a root.
    const index = part.indexOf("\\", 2);
    if (index !== -1) {
      let index2 = part.indexOf("\\", index + 1);
      if (index2 !== index + 1) {
        if (index2 === -1) index2 = part.length;
        return [part.slice(0, index2), "\\", part.slice(index2 + 1)];
      }
    }
  }
  let drive = "";
  let rest = part;
  if (/^[a-z]:/i.test(rest)) {
    drive = rest.slice(0, 2);
    rest = rest.slice(2);
  }
  if (rest.startsWith("\\")) return [drive, "\\", rest.replace(/^\\+/, "")];
  return [drive, "", rest];
}

/** `str(PureWindowsPath(*parts))`: a rooted part keeps the earlier drive; a drive restarts everything. */
function joinWindows(parts: readonly string[]): string {
  let drive = "";
  let root = "";
  let names: string[] = [];
  for (const part of parts) {
    const [partDrive, partRoot, rest] = splitWindowsRoot(part.replace(/\//g, "\\"));
    if (partRoot !== "" || partDrive !== "") {
      if (partDrive !== "") drive = partDrive;
      root = partRoot;
      names = [];
    }
    for (const name of rest.split("\\")) if (isComponent(name)) names.push(name);
  }
  return drive + root + names.join("\\") || ".";
}

function pathReconstructor(qualname: string, flavour: PathFlavour): ClassReconstructor {
  return {
    construct: (args) => new PyPath(qualname, flavour, args.map((part: PyValue) => readString(qualname, part))),
  };
}

const CLASS_FLAVOURS: readonly [string, PathFlavour][] = [
  ["PurePath", "posix"],
  ["Path", "posix"],
  ["PurePosixPath", "posix"],
  ["PosixPath", "posix"],
  ["PureWindowsPath", "windows"],
  ["WindowsPath", "windows"],
];

/** Reconstructors for `pathlib` (Python 3.13 moved the classes to `pathlib._local`; both names work). */
export const pathlibClasses: ReadonlyMap<string, ClassReconstructor> = new Map(
  CLASS_FLAVOURS.flatMap(([name, flavour]) =>
    ["pathlib", "pathlib._local"].map((module): [string, ClassReconstructor] => [
      `${module}.${name}`,
      pathReconstructor(`${module}.${name}`, flavour),
    ]),
  ),
);
