"""Writes the awkward pickles the viewer must stay responsive on, and what CPython says of them.

    python3 test/web/make_awkward.py OUT_DIR

Each is small to write and quick to read, yet would have hung, crashed or flooded the page before
its cap: a list whose numbers stop after 100,000 items, a masked array of a million elements, a
DataFrame of 200,000 columns, a class name of a million characters, a disassembly of 20,000-space
indents, a picture wider than 4096 pixels, floats that look like ints, more records than the list
shows. OUT_DIR/expected.json holds CPython's reprs where the page shows them.
"""
import gzip
import json
import os
import pickle
import struct
import sys
import types

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
expected = {}


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


# Numbers for 100,000 items, then None: the histogram's sample meets a None.
write("hist-none.pkl", pickle.dumps([0] * 100_000 + [None] * 100_000, protocol=4))

# A masked array of a million elements (every third masked): a known class that is no NdArray.
values = np.arange(1_000_000, dtype=np.int64)
write("masked.pkl", pickle.dumps(np.ma.masked_array(values, mask=values % 3 == 0), protocol=4))


# pandas DataFrames as pandas 2 pickles them, written without pandas: classes and functions
# stand in under pandas' names (the decoder rebuilds by name).
def stand_in(module, name, kind):
    parts = module.split(".")
    for i in range(1, len(parts) + 1):
        sys.modules.setdefault(".".join(parts[:i]), types.ModuleType(".".join(parts[:i])))
    if kind == "class":
        made = type(name, (), {})
    else:
        def made(*args):
            return None
    made.__module__ = module
    made.__qualname__ = name
    made.__name__ = name
    setattr(sys.modules[module], name, made)
    return made


DataFrame = stand_in("pandas.core.frame", "DataFrame", "class")
BlockManager = stand_in("pandas.core.internals.managers", "BlockManager", "class")
unpickle_block = stand_in("pandas._libs.internals", "_unpickle_block", "function")
new_index = stand_in("pandas.core.indexes.base", "_new_Index", "function")
Index = stand_in("pandas.core.indexes.base", "Index", "class")
RangeIndex = stand_in("pandas.core.indexes.range", "RangeIndex", "class")


class Call:
    """Pickles as `function(*args)`."""

    def __init__(self, function, args):
        self.function, self.args = function, args

    def __reduce__(self):
        return (self.function, self.args)


def frame_reduce(self, protocol):
    import copyreg

    return (copyreg.__newobj__, (DataFrame,), self.state)


DataFrame.__reduce_ex__ = frame_reduce


def frame(columns, rows):
    """A frame of int64 columns c0, c1, ...: cell (row, column) holds column * rows + row."""
    values = np.arange(columns * rows, dtype=np.int64).reshape(columns, rows)
    block = Call(unpickle_block, (values, slice(0, columns, 1), 2))
    names = Call(new_index, (Index, {"data": np.array([f"c{i}" for i in range(columns)], dtype=object), "name": None}))
    index = Call(new_index, (RangeIndex, {"name": None, "start": 0, "stop": rows, "step": 1}))
    manager = Call(BlockManager, ((block,), [names, index]))
    state = {"_mgr": manager, "_typ": "dataframe", "_metadata": [], "attrs": {}, "_flags": {"allows_duplicate_labels": True}}
    made = DataFrame.__new__(DataFrame)
    made.state = state
    return pickle.dumps(made, protocol=4)


write("frame-120-columns.pkl", frame(120, 3))
write("frame-200k-columns.pkl", frame(200_000, 1))


# A class named by a million characters (STACK_GLOBAL, then NEWOBJ), and a dict key as long.
def short_binunicode(text):
    data = text.encode()
    return b"\x8d" + struct.pack("<Q", len(data)) + data


long_name = "x" * 1_000_000
write("big-class.pkl", b"\x80\x04" + short_binunicode("mod") + short_binunicode(long_name) + b"\x93)\x81.")
write("big-key.pkl", pickle.dumps({"k" * 1_000_000: 1}, protocol=4))
expected["bigClassType"] = "mod." + long_name[:296]

# Disassemblies: 5000 nested MARKs (each line indented by thousands of spaces); a str of 3 MB (one
# line); 600 strs of 3000 characters (1.8 million characters of lines cut to 2000 each).
write("deep-marks.pkl", b"(" * 5000 + b"t" * 5000 + b".")
write("big-str.pkl", pickle.dumps("B" * 3_000_000, protocol=4))
write("long-strs.pkl", pickle.dumps([f"{i:04d}" * 750 for i in range(600)], protocol=4))

# Pictures past the caps: one row of 10,000 pixels (wider than 4096), and four 600x600 pictures
# (a grid's tiles come at most 256 on a side).
row = (np.arange(10_000) % 256).astype(np.uint8).reshape(1, 10_000)
write("wide-picture.pkl", pickle.dumps(row, protocol=4))
stack = (np.arange(4 * 600 * 600) % 251).astype(np.uint8).reshape(4, 600, 600)
write("big-tiles.pkl.gz", gzip.compress(pickle.dumps(stack, protocol=4), 6))

# Floats that JavaScript would print as ints or in its own exponent style; an int beside them.
floats = {"two": 2.0, "small": 1e-07, "big": 1e16, "half": 0.5, "negative_zero": -0.0, "huge": 1e21, "int": 2}
float_array = np.array([2.0, 0.5, 1e16])
with open(os.path.join(out, "floats.pkl"), "wb") as f:
    pickle.dump(floats, f, protocol=4)
    pickle.dump(float_array, f, protocol=4)
expected["floats"] = {key: {"type": type(value).__name__, "repr": repr(value)} for key, value in floats.items()}
expected["floatsRepr"] = repr(floats)
expected["floatArray"] = [repr(value) for value in float_array.tolist()]

# More records than the list shows (1,000,000): 50 more, read and counted, not listed.
write("many.pkl", b"N." * 1_000_050)

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f)
