"""Pickles of dicts that carry attributes (BUILD with a state on a dict), with what CPython loads.

Prints one JSON list: per case its name, the pickle in hex, and, from `pickle.loads` of those
bytes, `items` (json.dumps of the loaded value: a dict subclass shows its items) and
`attributes` (json.dumps of vars(value), null without a __dict__), or `error` (the exception's type) when CPython refuses.
test/core/classes/dict-state.test.ts decodes each and compares.
"""

import collections
import json
import pickle


class OrderedSub(collections.OrderedDict):
    pass


def torch_like():
    # What torch's Module.state_dict() returns: an OrderedDict with a _metadata OrderedDict attribute.
    d = collections.OrderedDict()
    d["layer.weight"] = [[0.5, -1.0], [2.0, 0.25]]
    d["layer.bias"] = [0.0, 1.0]
    d._metadata = collections.OrderedDict()
    d._metadata[""] = {"version": 1}
    d._metadata["layer"] = {"version": 1}
    return d


def several_attributes():
    d = collections.OrderedDict(b=1, a=2)
    d.name = "named"
    d.counts = [1, 2, 3]
    return d


def subclass_instance():
    s = OrderedSub(x=1, y=[2])
    s.attr = {"k": "v"}
    return s


cases = []
for name, make in [("torch-like state_dict", torch_like), ("OrderedDict with attributes", several_attributes)]:
    for protocol in range(6):
        cases.append((f"{name} at protocol {protocol}", pickle.dumps(make(), protocol=protocol)))
# An OrderedDict subclass instance is loaded through its own class: the test loads it with a stub.
for protocol in range(6):
    cases.append((f"OrderedDict subclass instance with an attribute at protocol {protocol}", pickle.dumps(subclass_instance(), protocol=protocol)))
# Hand-written states: a (state, slotstate) pair, a None state, and BUILD on a plain dict.
cases += [
    ("OrderedDict with a (None, slot state) pair", b"\x80\x02ccollections\nOrderedDict\n)RU\x01aK\x01sN}X\x04\x00\x00\x00slotK\x02s\x86b."),
    ("OrderedDict with a (state, slot state) pair", b"\x80\x02ccollections\nOrderedDict\n)RU\x01aK\x01s}X\x01\x00\x00\x00dK\x03s}X\x04\x00\x00\x00slotK\x02s\x86b."),
    ("plain dict with a None state", b"\x80\x02}U\x01aK\x01sNb."),
    ("plain dict with a dict state", b"\x80\x02}U\x01aK\x01s}X\x01\x00\x00\x00dK\x03sb."),
    ("defaultdict with a dict state", b"\x80\x02ccollections\ndefaultdict\nN\x85RU\x01aK\x01s}X\x01\x00\x00\x00dK\x03sb."),
]

out = []
for name, data in cases:
    case = {"name": name, "hex": data.hex()}
    try:
        value = pickle.loads(data)
        case["items"] = json.dumps(value)
        # A plain dict has no __dict__: null.
        case["attributes"] = json.dumps(vars(value)) if hasattr(value, "__dict__") else "null"
    except Exception as error:  # noqa: BLE001 - the refusal is the expected outcome
        case["error"] = type(error).__name__
    out.append(case)
print(json.dumps(out))
