"""Pickles whose memo grows past 65,536 entries (the decoder's memo moves to fixed chunks there).

Prints JSON: a list of {name, hex, expected}; expected is {"value": <JSON form>} or {"error": True}
when CPython's unpickler refuses the pickle. JSON form: lists and tuples as lists, with identity
written as object_graph.py writes it ({"id", "list"} first, then {"ref"}).
"""
import json
import pickle
import struct

from object_graph import graph


def case(name, data):
    try:
        return {"name": name, "hex": data.hex(), "expected": {"value": graph(pickle.loads(data), {})}}
    except Exception:  # noqa: BLE001 - any refusal
        return {"name": name, "hex": data.hex(), "expected": {"error": True}}


strings = [f"s{i}" for i in range(80_000)]
lists = [[i, f"t{i}"] for i in range(40_000)]
# Every str and list memoized, then each read back by a memo GET past the first chunk.
value = [strings, lists, strings[::-1], lists[::-1]]
cases = [case(f"80,000 strs and 40,000 lists, each read again, protocol {p}", pickle.dumps(value, protocol=p)) for p in (2, 4)]


def hand(ops):
    return b"\x80\x02" + b"".join(ops) + b"."


def binint(i):
    return b"J" + struct.pack("<i", i)


def put(i):
    return b"r" + struct.pack("<I", i)


def get(i):
    return b"j" + struct.pack("<I", i)


# Puts 0..65533, then 65540 (holes 65534-65539 across the chunk boundary), then one overwrite
# past the boundary; the GETs read both sides.
ops = [b"("]
for i in range(65_534):
    ops += [binint(i), put(i), b"0"]
ops += [binint(-1), put(65_540), b"0", binint(-2), put(65_541), binint(-3), put(65_541), b"0"]
ops += [get(65_540), get(65_541), get(65_533), get(0), b"l"]
cases.append(case("puts with holes across the 65,536th entry, one overwritten past it", hand(ops)))
cases.append(case("a GET of a hole past the 65,536th entry", hand(ops[:-1] + [get(65_537), b"l"])))
print(json.dumps(cases))
