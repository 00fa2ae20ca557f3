"""Oracle for test/core/disasm/dis.test.ts: pickles and CPython's pickletools.dis of each.

Prints a JSON list of {"name", "hex", "lines", "error"} to stdout. Nothing here is unpickled:
pickle.dumps and pickletools only read or write bytes. Deterministic (no randomness, no clock).
"""
import collections
import datetime
import decimal
import io
import json
import pickle
import pickletools
import sys
from pathlib import Path


class Point:  # pickled by reference as __main__.Point
    def __init__(self, x, y):
        self.x, self.y = x, y


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a, self.b = 1, 2


def values():
    shared = [1, 2]
    recursive = []
    recursive.append(recursive)
    return {
        "none_bools": [None, True, False],
        "ints": [0, 1, 255, 256, 65535, 65536, -1, -256, 2**31 - 1, 2**31, -(2**31), 2**63, -(2**100), 10**300],
        "floats": [0.1, 1.5, -0.0, 1e16, 1e15, 1e-4, 1e-5, 1e22, 123456.789, float("inf"), float("-inf"), float("nan"), 5e-324],
        "strings": ["", "abc", "it's", "a\"b'c", "\n\t\\\r", "\x00\x7f", "\xe9", "\x85\xa0", "\u2028", "\ud800", "\U0001f600", "x" * 300],
        "bytes": [b"", b"\x00\xff'\"", b"\\\n", b"y" * 300],
        "bytearray": bytearray(b"ab'"),
        "nested": {"a": [1, (2, 3), {"b": None}], "c": ((), [], {}), "d": (1,), "e": (1, 2), "f": (1, 2, 3, 4)},
        "sets": [set(), {1, 2}, frozenset({3})],
        "shared": [shared, shared, (shared,)],
        "recursive": recursive,
        "datetime": datetime.datetime(2024, 1, 2, 3, 4, 5, 6),
        "decimal": decimal.Decimal("1.25"),
        "ordered": collections.OrderedDict([("k", 1)]),
        "instance": Point(1, "two"),
        "slotted": Slotted(),
        "complex": 1 + 2j,
        "many": list(range(2000)),
        "unicode_keys": {"é": 1, "\U0001f600": 2},
    }


RAW = {
    "string_ops": b"(S'abc'\np0\nS\"it's\"\np1\nT\x03\x00\x00\x00xyzU\x02\xe9\x01tp2\n.",
    "proto0_numbers": b"(I01\nI00\nI-12\nL123L\nF1.5\nF-0.0\nI1_000\nl.",
    "proto0_memo": b"(lp0\nI1\nag0\na.",
    "unicode_escapes": b"Vabc\\u00e9\\U0001F600\\x\n.",
    "persid": b"Pabc\n.",
    "binpersid": b"K\x05Q.",
    "inst": b"(I1\nimymod\nMyClass\n.",
    "obj": b"(cmymod\nMyClass\nI1\no.",
    "pop_mark": b"(K\x01K\x021N.",
    "pop_on_mark": b"(0N.",
    "dup": b"K\x012\x86.",
    "ext": b"\x80\x02\x82\x01\x83\x01\x01\x84\x01\x00\x00\x00\x87.",
    "long_ops": b"\x80\x02\x8a\x00\x8a\x01\xff\x8b\x02\x00\x00\x00\x00\x80\x87.",
    "binbytes8": b"\x80\x04\x8e\x02\x00\x00\x00\x00\x00\x00\x00ab\x96\x01\x00\x00\x00\x00\x00\x00\x00c\x8d\x01\x00\x00\x00\x00\x00\x00\x00d\x87.",
    "buffers": b"\x80\x05\x97\x98.",
    # Sanity checks pickletools makes: each prints the offending line, then raises.
    "get_before_put": b"h\x00.",
    "memo_redefined": b"K\x01q\x00q\x00.",
    "put_empty_stack": b"q\x00N.",
    "put_mark": b"(q\x00.",
    "missing_mark": b"K\x01t.",
    "pop_underflow": b"0.",
    "stack_left": b"K\x01K\x02.",
    "mark_left": b"(K\x01.",
    "unknown_opcode": b"K\x01\xff.",
    "no_stop": b"K\x01",
    "truncated_arg": b"X\x05\x00\x00\x00ab",
}


def disassemble(data):
    out = io.StringIO()
    try:
        pickletools.dis(data, out=out)
        error = None
    except Exception as exc:  # noqa: BLE001 - any failure is part of the oracle's answer
        error = f"{type(exc).__name__}: {exc}"
    return out.getvalue().splitlines(), error


def main():
    cases = []
    for name, value in values().items():
        for protocol in range(6):
            try:
                data = pickle.dumps(value, protocol=protocol)
            except TypeError:
                continue  # e.g. __slots__ without __getstate__ needs protocol 2
            lines, error = disassemble(data)
            cases.append({"name": f"{name} protocol {protocol}", "hex": data.hex(), "lines": lines, "error": error})
    # Every committed fixture (the first record of each file: pickletools.dis stops at STOP).
    values_dir = Path(__file__).resolve().parents[2] / "fixtures" / "values"
    for path in sorted(values_dir.glob("*.pkl")):
        data = path.read_bytes()
        lines, error = disassemble(data)
        cases.append({"name": f"fixture {path.name}", "hex": data.hex(), "lines": lines, "error": error})
    for name, data in RAW.items():
        lines, error = disassemble(data)
        cases.append({"name": name, "hex": data.hex(), "lines": lines, "error": error})
    json.dump(cases, sys.stdout)


main()
