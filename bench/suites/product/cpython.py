#!/usr/bin/env python3
"""CPython's side of the comparison: one measurement per process.

    cpython.py load FILE [--gz] [--latin1]   pickle.load (the C unpickler) of one file
    cpython.py loop FILE                      pickle.load until EOFError (appended records)
    cpython.py shards DIR [--deep]            sequential pickle.load + dict.update of DIR/*.pkl
                                              (--deep: a recursive merge of dict values instead)
    cpython.py dumps FILE                     pickle.load, then pickle.dumps (protocol 5) timed inside
    cpython.py genops FILE                    pickletools.genops over each appended record, counting
                                              opcodes and imported names (a look without loading)
  options: --gc-off (gc.disable() first), --check KIND (compute the answer check: verify runs only),
           --json (load/loop: then json.dumps each record, one line each, to /dev/null: what a user's
           six-line script to NDJSON does; default: an object's __dict__, else its str(), so a
           datetime is written as its str()), --msgpack (load: then msgpack.packb, to /dev/null;
           the same default)

Prints one JSON line: {"innerS": seconds of the measured phase, "maxRssKB": peak RSS, "check": {...}}.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import pickle
import pickletools
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "lib"))
from checksum import CHECKS, StreamCheck, check_records  # noqa: E402


def write_out(value: object, args: argparse.Namespace) -> None:
    """The output step of a user's script: JSON text, pickle or msgpack bytes of the loaded value."""
    if args.json:
        with open(os.devnull, "w") as out:
            out.write(json.dumps(value, default=json_default))
            out.write("\n")
    elif args.pickle:
        with open(os.devnull, "wb") as out:
            pickle.dump(value, out, protocol=5)
    elif args.msgpack:
        import msgpack  # Debian's python3-msgpack; the bench picks a python3 that has it

        with open(os.devnull, "wb") as out:
            out.write(msgpack.packb(value, default=json_default))


def json_default(value: object) -> object:
    """What a user's script passes as `default`: a numpy array's (or scalar's) `tolist()`, an object's
    `__dict__`, else its str (a datetime, a Decimal). Called only for values json and msgpack cannot
    write: plain data pays nothing."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return vars(value) if hasattr(value, "__dict__") else str(value)


def deep_update(into: dict, other: dict) -> None:
    """A user's deep merge: a key whose values are both dicts merges them, else the later value wins."""
    for key, value in other.items():
        current = into.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            deep_update(current, value)
        else:
            into[key] = value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=["load", "loop", "shards", "dumps", "ndjson-to-pickle", "genops"])
    parser.add_argument("path")
    parser.add_argument("--gz", action="store_true")
    parser.add_argument("--latin1", action="store_true", help="encoding='latin1' for Python 2 pickles")
    parser.add_argument("--gc-off", action="store_true")
    parser.add_argument("--check", default="")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--msgpack", action="store_true")
    parser.add_argument("--pickle", action="store_true", help="shards: pickle.dump the merged dict (protocol 5)")
    parser.add_argument("--deep", action="store_true", help="shards: merge dict values key by key, recursively")
    args = parser.parse_args()
    if args.gc_off:
        gc.disable()
    encoding = "latin1" if args.latin1 else "ASCII"
    started = time.perf_counter()
    check = None
    inner = None

    if args.task in ("load", "dumps"):
        opener = gzip.open if args.gz else open
        with opener(args.path, "rb") as f:
            value = pickle.load(f, encoding=encoding)
        if args.task == "dumps":
            encode_started = time.perf_counter()
            data = pickle.dumps(value, protocol=5)
            inner = time.perf_counter() - encode_started
            check = CHECKS[args.check](pickle.loads(data)) if args.check else None
        else:
            write_out(value, args)
            if args.check:
                check = CHECKS[args.check](value)
    elif args.task == "loop":
        acc = StreamCheck() if args.check else None
        count = 0
        out = open(os.devnull, "w") if args.json else None  # noqa: SIM115
        with open(args.path, "rb") as f:
            while True:
                try:
                    record = pickle.load(f)
                except EOFError:
                    break
                count += 1
                if out is not None:
                    # default=str: what a user writes for records holding datetimes (events.pkl);
                    # it is called only for values json cannot write, so plain records pay nothing.
                    out.write(json.dumps(record, default=str))
                    out.write("\n")
                if acc:
                    acc.add(record)
        check = acc.c if acc else None
    elif args.task == "genops":
        # What the standard library offers to look at a pickle without loading it: walk the
        # opcodes of each appended record, count them, and collect the names GLOBAL and INST import
        # (STACK_GLOBAL's come from the strings before it, which this walk does not follow).
        counts: dict[str, int] = {}
        names: set[str] = set()
        with open(args.path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            while f.tell() < size:
                for opcode, arg, _pos in pickletools.genops(f):
                    counts[opcode.name] = counts.get(opcode.name, 0) + 1
                    if opcode.name in ("GLOBAL", "INST"):
                        names.add(arg)
    elif args.task == "ndjson-to-pickle":
        # A user's script from NDJSON to appended pickles: json.loads and pickle.dump per line.
        acc = StreamCheck() if args.check else None
        with open(args.path, encoding="utf-8") as f, open(os.devnull, "wb") as out:
            for line in f:
                record = json.loads(line)
                pickle.dump(record, out, protocol=5)
                if acc:
                    acc.add(record)
        check = acc.c if acc else None
    else:
        merged: dict = {}
        for shard in sorted(Path(args.path).glob("*.pkl")):
            with open(shard, "rb") as f:
                if args.deep:
                    deep_update(merged, pickle.load(f))
                else:
                    merged.update(pickle.load(f))
        write_out(merged, args)
        if args.check:
            check = check_records(merged)

    result = {
        "innerS": inner if inner is not None else time.perf_counter() - started,
        "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    if check is not None:
        result["check"] = check
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
