"""Classes of a user's own for the engine's case scripts (plain_object_cases.py, shape_cases.py):
they live in a module named `shapes_app`, as a user's classes would, so that their pickles name
`shapes_app.Point` and so on. Each script imports what it pickles from here.
"""
import collections
import dataclasses
import datetime
import enum
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


Trade = app_class(collections.namedtuple("Trade", "id symbol price qty"))
Pair = app_class(collections.namedtuple("Pair", "left right"))
Single = app_class(collections.namedtuple("Single", "value"))


@app_class
class Money:
    """Pickled by its `__reduce__` as REDUCE of the class and its values."""

    def __init__(self, amount, currency):
        self.amount, self.currency = amount, currency

    def __reduce__(self):
        return (Money, (self.amount, self.currency))


@app_class
class Tagged(str):
    """A str subclass with a `__dict__`: NEWOBJ with the text, then BUILD of its state."""


@app_class
class Both:
    """A `__dict__` and `__slots__`: the state `(dict, slots)`."""

    __slots__ = ("s", "__dict__")

    def __init__(self, i):
        self.s = i
        self.d = -i


@app_class
@dataclasses.dataclass(slots=True)
class SlotRow:
    x: int
    y: float
    name: str


@app_class
class OwnTz(datetime.tzinfo):
    """A timezone of a user's own (not a fixed offset the decoder knows): a datetime's placeholder tzinfo."""

    def utcoffset(self, dt):
        return datetime.timedelta(hours=2)


@app_class
class Color(enum.Enum):
    RED = 1
    GREEN = 2


def tagged(text, n):
    t = Tagged(text)
    t.n = n
    return t
