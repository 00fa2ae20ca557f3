"""Pickles with payloads of 1 MiB or more (views of the input, not copies) and what CPython reads.

Prints JSON: a list of cases {name, pickle (base64), encoding, kind, expected}. kind "array": the
root (or root["a"]) is a numpy array; expected {shape, dtype, data: base64 of its tobytes()}.
kind "text": the root is a str; expected: base64 of its latin-1 encoding. kind "arrays": the root is
a tuple of numpy arrays; expected: a list of {shape, dtype, data}.
The payloads sit at odd offsets, so a typed-array view of the input would be misaligned.
"""
import base64
import json
import pickle
import struct

import numpy as np

N = 300_000  # float32: 1.2 MB of data, above the decoder's 1 MiB view threshold


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class Py2Writer:
    """Protocol 2 as Python 2's cPickle wrote it: py2 str as BINSTRING (Python 3 cannot)."""

    def __init__(self) -> None:
        self.parts = [b"\x80\x02"]

    def py2str(self, data: bytes) -> None:
        self.parts.append((b"U" + bytes([len(data)]) if len(data) < 256 else b"T" + struct.pack("<i", len(data))) + data)

    def op(self, code: bytes) -> None:
        self.parts.append(code)

    def int(self, value: int) -> None:
        self.parts.append(b"J" + struct.pack("<i", value))

    def global_(self, module: str, name: str) -> None:
        self.parts.append(b"c" + module.encode() + b"\n" + name.encode() + b"\n")

    def ndarray(self, array) -> None:
        """numpy 1.x under Python 2: _reconstruct, then BUILD with the data as a py2 str."""
        self.global_("numpy.core.multiarray", "_reconstruct")
        self.global_("numpy", "ndarray")
        self.int(0)
        self.op(b"\x85")
        self.py2str(b"b")
        self.op(b"\x87R(")
        self.int(1)
        self.int(array.shape[0])
        self.op(b"\x85")
        self.global_("numpy", "dtype")
        self.py2str(array.dtype.str[1:].encode())
        self.int(0)
        self.int(1)
        self.op(b"\x87R(")
        self.int(3)
        self.py2str(b"<")
        self.op(b"NNN")
        self.int(-1)
        self.int(-1)
        self.int(0)
        self.op(b"tb\x89")
        self.py2str(array.tobytes())
        self.op(b"tb")

    def done(self) -> bytes:
        return b"".join(self.parts) + b"."


def array_case(name: str, data: bytes, encoding: str = "ASCII") -> dict:
    value = pickle.loads(data, encoding=encoding)
    array = value["a"] if isinstance(value, dict) else value
    return {
        "name": name,
        "pickle": b64(data),
        "encoding": encoding,
        "kind": "array",
        "expected": {"shape": list(array.shape), "dtype": array.dtype.str, "data": b64(array.tobytes())},
    }


cases = []
values = (np.arange(N, dtype=np.float32) * 0.37 - 1000).astype(np.float32)
for protocol in (2, 3, 4, 5):
    # The str key first pushes the array's data to an offset that is not a multiple of 4.
    data = pickle.dumps({"key": "odd", "a": values}, protocol=protocol)
    cases.append(array_case(f"a float32 numpy array pickled by CPython at protocol {protocol}", data))

w = Py2Writer()
w.py2str(b"x")  # one byte more before the array: its data lands at an odd offset
w.op(b"0")  # POP
w.ndarray(values)
cases.append(array_case("a Python 2 numpy array whose data is a py2 str", w.done(), "latin1"))

w = Py2Writer()
w.py2str(bytes(range(256)) * 5000)  # 1.28 MB, every byte value (0x80-0x9F too)
text_pickle = w.done()
text = pickle.loads(text_pickle, encoding="latin1")
cases.append({"name": "a py2 str of every byte value", "pickle": b64(text_pickle), "encoding": "latin1", "kind": "text", "expected": b64(text.encode("latin-1"))})

# Above the decoder's 4 MiB text step: pushed in chunks, its text is decoded piece by piece as it arrives.
w = Py2Writer()
w.py2str(bytes(range(255, -1, -1)) * 17_000)  # 4.35 MB
text_pickle = w.done()
text = pickle.loads(text_pickle, encoding="latin1")
cases.append({"name": "a py2 str of every byte value above 4 MiB", "pickle": b64(text_pickle), "encoding": "latin1", "kind": "text", "expected": b64(text.encode("latin-1"))})

# MNIST's shape: a tuple of Python 2 numpy arrays, two of them with data of the same length (the
# validation and test images), each above 4 MiB.
M = 1_100_000
w = Py2Writer()
w.op(b"(")
w.ndarray((np.arange(M, dtype=np.float32) * 0.25).astype(np.float32))
w.ndarray((np.arange(M, dtype=np.float32) * -3.5 + 7).astype(np.float32))
w.ndarray(values)
w.op(b"t")
arrays_pickle = w.done()
arrays = pickle.loads(arrays_pickle, encoding="latin1")
cases.append({
    "name": "a tuple of Python 2 numpy arrays, two with data of the same length",
    "pickle": b64(arrays_pickle),
    "encoding": "latin1",
    "kind": "arrays",
    "expected": [{"shape": list(a.shape), "dtype": a.dtype.str, "data": b64(a.tobytes())} for a in arrays],
})

print(json.dumps(cases))
