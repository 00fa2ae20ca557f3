"""numpy bool, int and float scalars of every size, native and big-endian, for number-scalars.test.ts.

One JSON pair per case: the pickle (base64, protocol 4) and json.dumps(scalar.item()). Values
include each type's extremes; floats are finite (the JSON mapping writes NaN and infinities its
own way). Big-endian scalars are hand-made: numpy pickles scalars in native order, but loads
`scalar(<a dtype whose state says ">">, bytes)`, reading the bytes big-endian.
"""
import base64
import json
import pickle
import pickletools
import random

import numpy as np

rng = random.Random(11)
cases = []


def add(dtype, value):
    scalar = np.array([value], dtype=dtype)[0]
    data = pickle.dumps(scalar, protocol=4)
    cases.append([base64.b64encode(data).decode(), json.dumps(scalar.item())])
    if dtype.itemsize > 1:
        # The same value big-endian, hand-made (numpy pickles its scalars in native order): the
        # dtype's state says ">" and the payload's bytes are reversed.
        ops = {op.name: (arg, at) for op, arg, at in pickletools.genops(data)}
        payload, at = ops["SHORT_BINBYTES"]
        big = bytearray(data.replace(b"\x8c\x01<", b"\x8c\x01>"))
        big[at + 2:at + 2 + len(payload)] = payload[::-1]
        loaded = pickle.loads(bytes(big))
        assert loaded.dtype.byteorder in ("=", "|") and loaded.item() == scalar.item()
        cases.append([base64.b64encode(bytes(big)).decode(), json.dumps(loaded.item())])

for name in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"):
    info = np.iinfo(name)
    for value in (info.min, info.max, 0, 1, -1 if info.min < 0 else 2, rng.randint(int(info.min), int(info.max))):
        add(np.dtype(name), value)
for name in ("float16", "float32", "float64"):
    info = np.finfo(name)
    for value in (0.0, -0.0, 1.0, 0.1, float(info.max), float(info.tiny), -2.5, rng.uniform(-6e4, 6e4)):
        add(np.dtype(name), value)
for value in (True, False):
    add(np.dtype("bool"), value)
print(json.dumps(cases))
