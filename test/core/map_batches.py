"""Dicts filled by SETITEMS batches big enough that the decoder's map mode lets their pairs wait
(decoder/machine.ts pendingMap): what CPython reads, entry order included.

Prints JSON: a list of {name, hex, expected}. `expected` is the value with every dict as
{"map": [[key, value], ...]} in CPython's order and lists as lists; `persistent_size` cases load
with a persistent_load that returns len() of the dict it gets, and `Counted` is a class whose
constructor returns len() of its argument (the JS test registers the same two).
"""
import io
import json
import pickle
import struct


def shape(value):
    if isinstance(value, dict):
        return {"map": [[shape(k), shape(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [shape(item) for item in value]
    return value


def op_int(n):
    return b"J" + struct.pack("<i", n)


def pairs(keys, value_of):
    return b"".join(op_int(k) + op_int(value_of(k)) for k in keys)


PROTO = b"\x80\x04"
cases = {
    "a dict of 2500 entries (three SETITEMS batches)": pickle.dumps({f"key:{i:05d}": i * 3 for i in range(2500)}, protocol=5),
    # 80,000 waiting slots: more than one of the decoder's 65,536-slot chunks.
    "a dict of 40000 entries (its waiting pairs in two chunks)": pickle.dumps({i: f"v{i}" for i in range(40000)}, protocol=4),
    "a dict of 70 dicts of 70 entries each": pickle.dumps({f"outer{i}": {j: f"v{i}.{j}" for j in range(70)} for i in range(70)}, protocol=4),
    "a list of two big dicts sharing keys": pickle.dumps([{f"k{i}": i for i in range(300)}, {f"k{i}": -i for i in range(299, -1, -1)}], protocol=2),
    "entries: a root dict whose values are big dicts": pickle.dumps({f"r{i}": {j: i * j for j in range(100)} for i in range(3)}, protocol=4),
    # EMPTY_DICT MEMOIZE MARK (100 pairs) SETITEMS, SETITEM 5 -> 555, MARK (100 pairs, keys 50..149) SETITEMS, SETITEM 7 -> 777, STOP:
    # a key set again keeps its first place, the last value wins.
    "a dict whose later batches set keys again": PROTO + b"}\x94(" + pairs(range(100), lambda k: k) + b"u"
    + op_int(5) + op_int(555) + b"s" + b"(" + pairs(range(50, 150), lambda k: -k) + b"u" + op_int(7) + op_int(777) + b"s.",
    # EMPTY_LIST MEMOIZE MARK EMPTY_DICT MEMOIZE MARK (100 pairs) SETITEMS BINGET 1 BINPERSID APPENDS STOP:
    # persistent_load gets the dict right after its batch.
    "persistent_size: a dict handed to persistent_load after its batch": PROTO + b"]\x94(}\x94(" + pairs(range(100), lambda k: k) + b"uh\x01Qe.",
    # EMPTY_LIST MEMOIZE MARK EMPTY_DICT MEMOIZE MARK (80 pairs) SETITEMS
    # GLOBAL '__main__ Counted' BINGET 1 TUPLE1 REDUCE APPENDS STOP: a constructor gets it.
    "a dict handed to a class's constructor after its batch": PROTO + b"]\x94(}\x94(" + pairs(range(80), lambda k: k * k) + b"u"
    + b"c__main__\nCounted\nh\x01\x85Re.",
}


class Counted:
    def __new__(cls, mapping):
        return len(mapping)


class Loader(pickle.Unpickler):
    def persistent_load(self, pid):
        return len(pid)


out = []
for name, data in cases.items():
    value = Loader(io.BytesIO(data)).load()
    out.append({"name": name, "hex": data.hex(), "expected": shape(value)})
print(json.dumps(out))
