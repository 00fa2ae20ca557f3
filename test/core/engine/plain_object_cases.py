"""Objects of classes the decoder does not rebuild, for test/core/engine/plain-objects.test.ts:
one line per case, `name<TAB>base64`.

CPython pickles an object with a `__dict__` as its class, `()`, NEWOBJ, then its state dict and
BUILD (`types.SimpleNamespace`: REDUCE for NEWOBJ). The one-pass JSON writer writes such an object itself (`{"__class__": ..., "__state__":
...}`, the state dict by the driver and by learned value shapes) once its class was read from
the memo; every other form (no state, a slots state, items set on it, an object as a dict key,
one whose state holds itself) is the island's or the value path's. Each case must come out as
the value path writes it.
"""
import base64
import dataclasses
import pickle
import sys
import types

# The classes live in a module of their own name, as a user's would.
module = types.ModuleType("shapes_app")
sys.modules["shapes_app"] = module


def app_class(cls):
    cls.__module__ = "shapes_app"
    setattr(module, cls.__name__, cls)
    return cls


@app_class
class Point:
    def __init__(self, x, y, label):
        self.x, self.y, self.label = x, y, label


@app_class
class Line:
    def __init__(self, start, end):
        self.start, self.end = start, end


@app_class
class Empty:
    pass


@app_class
class Slotted:
    __slots__ = ("a",)

    def __init__(self, a):
        self.a = a


@app_class
class Tags(list):
    pass


@app_class
@dataclasses.dataclass(frozen=True)
class Key:
    n: int


@app_class
@dataclasses.dataclass
class Row:
    id: int
    name: str
    score: float
    tags: list


@app_class
class Node:
    def __init__(self, name):
        self.name = name
        self.me = self


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

for name, data in items:
    print(f"{name}\t{base64.b64encode(data).decode()}")
