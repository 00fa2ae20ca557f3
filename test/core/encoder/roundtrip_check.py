"""CPython's verdict on pickles our encoder wrote (test/core/encoder/*.test.ts).

Input: a JSON job file, a list of jobs
  {"name", "original", "memo", "extensions", "buffers", "outputs": [{"protocol", "path"}]}
where `original` is a fixture pickle (one or more records) and each output holds our re-encoding
of the decoded records, appended like repeated pickle.dump calls.

For every output this script loads the original and ours with CPython's pickle (the fixture
classes importable, Python 2 text as latin-1, persistent ids and out-of-band buffers resolved the
same way for both) and compares them deeply, type for type, including which mutable objects are
shared. It also runs pickletools.dis over our bytes. (The memo policy is CPython's, checked byte
for byte by cpython-bytes.test.ts.) Output: one JSON object {name: {protocol: {"equal", "error",
"dis", "size"}}}.
"""

import base64
import copyreg
import datetime
import decimal
import enum
import fractions
import io
import json
import math
import pathlib
import pickle
import pickletools
import sys
import types
import uuid
from collections import deque

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "fixtures"))
sys.set_int_max_str_digits(0)

import fixture_classes  # noqa: E402,F401  (the user classes the fixtures name)

_STUBS = {}


class Stub:
    """A class the fixtures name but no module defines (`__main__.Point` from Python 2 pickles).
    Calls with arguments are accepted and ignored: INST without arguments skips __init__, REDUCE
    does not, and both must give the same object."""

    def __init__(self, *args, **kwargs):
        pass


class FixtureUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        try:
            return super().find_class(module, name)
        except (AttributeError, ImportError):
            key = (module, name)
            if key not in _STUBS:
                _STUBS[key] = type(name, (Stub,), {"__module__": module, "__qualname__": name})
            return _STUBS[key]

    def persistent_load(self, pid):
        return ("persistent id", pid)


def load_records(data, memo, buffers):
    file = io.BytesIO(data)
    records = []
    unpickler = None
    while file.tell() < len(data):
        if unpickler is None or memo != "shared":
            unpickler = FixtureUnpickler(file, encoding="latin1", buffers=buffers)
        records.append(unpickler.load())
    return records


class Mismatch(Exception):
    pass


REPR_TYPES = (datetime.date, datetime.time, datetime.timedelta, datetime.tzinfo, decimal.Decimal,
              fractions.Fraction, uuid.UUID, pathlib.PurePath, complex, range)
ATOMS = (type(None), bool, int, str, bytes, bytearray, type(Ellipsis), type(NotImplemented))


class Comparer:
    """Deep equality that also requires the same sharing of mutable objects on both sides."""

    def __init__(self):
        self.pairs = {}  # id(original) -> id(ours), for mutable objects
        self.reverse = {}
        self.keep = []  # keep compared objects alive so ids stay unique

    def same_identity(self, a, b, path):
        """True when this pair was already compared (a cycle or a shared object)."""
        self.keep.append((a, b))
        seen = self.pairs.get(id(a))
        if seen is not None:
            if seen != id(b):
                raise Mismatch(f"{path}: shared in the original, not in ours")
            return True
        if id(b) in self.reverse:
            raise Mismatch(f"{path}: shared in ours, not in the original")
        self.pairs[id(a)] = id(b)
        self.reverse[id(b)] = id(a)
        return False

    def check(self, a, b, path="$"):
        if type(a) is not type(b):
            raise Mismatch(f"{path}: type {type(a).__qualname__} vs {type(b).__qualname__}")
        if isinstance(a, float):
            if not ((math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))):
                raise Mismatch(f"{path}: {a!r} vs {b!r}")
            return
        if isinstance(a, ATOMS) or isinstance(a, (type, types.FunctionType, types.BuiltinFunctionType, enum.Enum)):
            if isinstance(a, bytearray) and self.same_identity(a, b, path):
                return
            if not (a is b or a == b):
                raise Mismatch(f"{path}: {a!r} vs {b!r}")
            return
        if isinstance(a, REPR_TYPES):
            if repr(a) != repr(b) or getattr(a, "fold", 0) != getattr(b, "fold", 0):
                raise Mismatch(f"{path}: {a!r} vs {b!r}")
            return
        if isinstance(a, np.dtype):
            if not (a == b and a.str == b.str and a.descr == b.descr and a.isalignedstruct == b.isalignedstruct):
                raise Mismatch(f"{path}: dtype {a!r} vs {b!r}")
            return
        if isinstance(a, np.ndarray):
            self.check(a.dtype, b.dtype, f"{path}.dtype")
            if a.shape != b.shape or a.flags.c_contiguous != b.flags.c_contiguous or a.flags.f_contiguous != b.flags.f_contiguous:
                raise Mismatch(f"{path}: array shape/order {a.shape} {a.flags.f_contiguous} vs {b.shape} {b.flags.f_contiguous}")
            if a.dtype.hasobject:
                self.check(a.tolist(), b.tolist(), f"{path}.tolist()")
            elif a.tobytes("A") != b.tobytes("A"):
                raise Mismatch(f"{path}: array data differs")
            return
        if isinstance(a, np.generic):
            if a.dtype != b.dtype or a.tobytes() != b.tobytes():
                raise Mismatch(f"{path}: {a!r} vs {b!r}")
            return
        if isinstance(a, tuple):
            self.check_items(a, b, path)
            return
        if self.same_identity(a, b, path):
            return
        if isinstance(a, (list, deque)):
            if isinstance(a, deque) and a.maxlen != b.maxlen:
                raise Mismatch(f"{path}: maxlen {a.maxlen} vs {b.maxlen}")
            self.check_items(list(a), list(b), path)
        elif isinstance(a, dict):
            if len(a) != len(b):
                raise Mismatch(f"{path}: {len(a)} vs {len(b)} keys")
            for index, ((ka, va), (kb, vb)) in enumerate(zip(a.items(), b.items())):
                self.check(ka, kb, f"{path}.keys[{index}]")
                self.check(va, vb, f"{path}[{ka!r}]")
            if hasattr(a, "default_factory"):
                self.check(a.default_factory, b.default_factory, f"{path}.default_factory")
        elif isinstance(a, (set, frozenset)):
            if a != b:
                raise Mismatch(f"{path}: {a!r} vs {b!r}")
        self.check_attributes(a, b, path)

    def check_items(self, a, b, path):
        if len(a) != len(b):
            raise Mismatch(f"{path}: {len(a)} vs {len(b)} items")
        for index, (x, y) in enumerate(zip(a, b)):
            self.check(x, y, f"{path}[{index}]")

    def check_attributes(self, a, b, path):
        if hasattr(a, "__dict__") and not isinstance(a, type):
            self.check(vars(a), vars(b), f"{path}.__dict__")
        for cls in type(a).__mro__:
            for slot in getattr(cls, "__slots__", ()):
                if slot in ("__dict__", "__weakref__"):
                    continue
                self.check(getattr(a, slot, None), getattr(b, slot, None), f"{path}.{slot}")


def disassembles(data):
    file = io.BytesIO(data)
    while file.tell() < len(data):
        pickletools.dis(file, out=io.StringIO())
    return True


def check_output(original_records, output, buffers):
    data = pathlib.Path(output["path"]).read_bytes()
    verdict = {"size": len(data)}
    try:
        disassembles(data)
        verdict["dis"] = True
    except Exception as error:  # noqa: BLE001 (any failure is the verdict)
        verdict["dis"] = f"{type(error).__name__}: {error}"
    try:
        ours = load_records(data, "per-record", buffers)
        if len(ours) != len(original_records):
            raise Mismatch(f"{len(ours)} records vs {len(original_records)}")
        # One comparer per record: a shared memo may share objects across the original records,
        # while each of our records is a pickle of its own.
        for index, (record, mine) in enumerate(zip(original_records, ours)):
            Comparer().check(record, mine, f"record[{index}]")
        verdict["equal"] = True
    except Mismatch as error:
        verdict["equal"] = str(error)
    except Exception as error:  # noqa: BLE001
        verdict["equal"] = f"{type(error).__name__}: {error}"
    return verdict


def main():
    jobs = json.loads(pathlib.Path(sys.argv[1]).read_text())
    registered = set()
    report = {}
    for job in jobs:
        for code, module, name in job.get("extensions") or []:
            if code not in registered:
                copyreg.add_extension(module, name, code)
                registered.add(code)
        buffers = [base64.b64decode(text) for text in job["buffers"]] if job.get("buffers") else None
        original = load_records(pathlib.Path(job["original"]).read_bytes(), job.get("memo"), buffers)
        report[job["name"]] = {str(out["protocol"]): check_output(original, out, buffers) for out in job["outputs"]}
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
