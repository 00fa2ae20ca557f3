"""Prints raw pickles that discard call results (REDUCE then POP/POP_MARK) and compute their
callables, with the NDJSON CPython's oracle (test/fixtures/oracle.py) gives for each, as a JSON list
of {"name", "hex", "json"}: the cases of discarded-calls.test.ts."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
import oracle  # noqa: E402


def text(s):
    data = s.encode()
    return b"\x8c" + bytes([len(data)]) + data


def glob(module, name):
    return text(module) + text(name) + b"\x93"


BOX = b"\x80\x04" + glob("m", "Box") + b")R\x94"  # memo 0: m.Box()
SETATTR = glob("builtins", "setattr")

CASES = {
    "a discarded setattr(box, 'size', 5) is an effect on the box": BOX + SETATTR + b"h\x00" + text("size") + b"K\x05\x87R0h\x00.",
    "a call result memoized before POP is still an effect, and a later GET reads the call": BOX + SETATTR + b"h\x00" + text("size") + b"K\x05\x87Rq\x0a0" + b"h\x00h\x0a\x86.",
    "a call discarded by POP_MARK is an effect": BOX + b"(" + SETATTR + b"h\x00" + text("a") + b"K\x01\x87R1h\x00.",
    "two discarded calls are effects in stream order": BOX + SETATTR + b"h\x00" + text("a") + b"K\x01\x87R0" + glob("m", "touch") + b"h\x00\x85R0h\x00.",
    "a discarded call with no placeholder argument is dropped": BOX + glob("builtins", "print") + text("x") + b"\x85R0h\x00.",
    "the effect goes to the first placeholder argument": BOX + glob("m", "Other") + b")R\x94" + glob("m", "link") + b"K\x07h\x01h\x00\x87R0h\x01.",
    "a duplicated call result is used, not an effect": BOX + SETATTR + b"h\x00" + text("a") + b"K\x01\x87R20.",
    "a discarded call through a computed callable keeps it nested": BOX + glob("builtins", "getattr") + glob("m", "tools") + text("mark") + b"\x86R" + b"h\x00K\x01\x86R0h\x00.",
    "a computed callable of a computed callable nests twice": b"\x80\x04" + glob("m", "f") + b")R)R" + text("x") + b"\x85R.",
    "NEWOBJ on a computed class nests it": b"\x80\x04" + glob("m", "make_class") + b")R" + b"K\x01\x85\x81.",
}

print(json.dumps([{"name": name, "hex": data.hex(), "json": oracle.expected_ndjson(data).rstrip("\n")} for name, data in CASES.items()]))
