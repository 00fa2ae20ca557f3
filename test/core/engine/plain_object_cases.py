"""Objects of classes the decoder does not rebuild, for test/core/engine/plain-objects.test.ts:
one line per case, `name<TAB>base64`.

CPython pickles an object with a `__dict__` as its class, `()`, NEWOBJ, then its state dict and
BUILD (`types.SimpleNamespace`: REDUCE for NEWOBJ; a dataclass with `__slots__`: the state
`(None, slots)`). One made by calling its class with arguments (a namedtuple: NEWOBJ; a
`__reduce__` that passes values: REDUCE) is its class, the arguments' tuple and the call. The
one-pass writers write such an object themselves (`{"__class__": ..., "__state__": ...}` or
`{"__class__": ..., "__args__": [...]}`, the state dict by the driver and by learned value shapes)
once its class was read from the memo; every other form (no state, items set on it, an object as
a dict key, one whose state holds itself, arguments that are not scalars, a call followed by a
state) is the island's or the value path's. Each case must come out as the value path writes it.
"""
import base64
import datetime
import pickle
import types

from app_classes import Both, Color, Empty, Key, Line, Money, Node, Pair, Point, Row, Single, SlotRow, Slotted, Tags, Trade, tagged


items = []


def add(name, root, protocols=(2, 3, 4, 5)):
    for protocol in protocols:
        items.append((f"{name} (protocol {protocol})", pickle.dumps(root, protocol=protocol)))


add("a list of objects", [Point(i, i * 0.5, f"p{i % 50}") for i in range(3000)])
add("dataclass rows", [Row(i, f"n{i}", i / 7, ["a", "b"][: i % 3]) for i in range(3000)])
add("objects holding objects", [Line(Point(i, 0.5, "a"), Point(-i, 1.5, "b")) for i in range(1500)])
shared = Point(0, 0.0, "shared")
add("objects as dict values, one shared", {f"k{i}": (shared if i % 10 == 0 else Point(i, 1.0, "p")) for i in range(3000)})
add("objects in tuples", [(Point(i, 2.0, "t"), i) for i in range(2500)])
tags = Tags([1, 2])
tags.label = "x"
add("other forms among plain objects", [Point(i, 0.0, "p") if i % 7 else [Empty(), Slotted(i), tags, {Key(i): i}][i % 4] for i in range(3000)])
add("namespaces (REDUCE of the class and ())", [types.SimpleNamespace(id=i, name=f"n{i % 20}", ok=i % 2 == 0) for i in range(3000)])
add("an object whose state holds itself, late", [Point(i, 0.0, "p") for i in range(2500)] + [Node("loop")])

add("namedtuples", [Trade(i, ["AAPL", "MSFT", "GOOG"][i % 3], i / 4, i % 50) for i in range(3000)])
add("namedtuples of one, two fields, and None", [(Single(i), Pair(f"l{i % 9}", None), None) for i in range(2000)])
add("objects made by REDUCE with values", {f"k{i}": Money(i * 100, "EUR" if i % 2 else "USD") for i in range(2500)}, protocols=(0, 1, 2, 3, 4, 5))
add("dataclasses with slots", [SlotRow(i, i / 3, f"r{i % 30}") for i in range(3000)])
add("dict and slots states", [Both(i) for i in range(2000)])
add(
    "arguments the island reads among namedtuples",
    [Trade(i, "X", 1.5, 2) if i % 5 else [Pair((i, i), [i]), Pair(datetime.date(2024, 1, 1 + i % 28), 1), Color.GREEN, tagged("t", i)][i % 4] for i in range(2500)],
)
add("namedtuples holding objects and namedtuples", [Pair(Trade(i, "Y", 0.5, 1), Point(i, 0.25, "q")) for i in range(1500)])

for name, data in items:
    print(f"{name}\t{base64.b64encode(data).decode()}")
