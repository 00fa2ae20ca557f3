"""Numpy arrays of 1 MiB or more whose data lands at every offset mod 8, for loads' reuseInput.

Usage: reuse_input.py DIR. Writes one pickle per case into DIR and prints JSON: a list of
{name, file, protocol, dtype, shape, sha256}, where sha256 is of CPython's own `tobytes(order="A")`
(the elements in memory order, as the pickle holds them, little-endian) of the array it loads back from that file. A str value before the array, one byte longer per case, walks
the array's data through the eight offsets mod 8.
"""
import hashlib
import json
import os
import pickle
import sys

import numpy as np

out_dir = sys.argv[1]
N = 140_000  # 1.12 MB of float64: above the decoder's 1 MiB view threshold

cases = []


def add(name: str, protocol: int, array, pad: int) -> None:
    data = pickle.dumps({"pad": "x" * pad, "a": array}, protocol=protocol)
    path = os.path.join(out_dir, f"case-{len(cases)}.pkl")
    with open(path, "wb") as f:
        f.write(data)
    back = pickle.loads(data)["a"]
    cases.append({
        "name": name,
        "file": path,
        "protocol": protocol,
        "dtype": back.dtype.str,
        "shape": list(back.shape),
        # In little-endian order: the decoder gives a big-endian dtype's elements in the machine's.
        "sha256": hashlib.sha256(back.astype(back.dtype.newbyteorder("<"), order="K").tobytes(order="A")).hexdigest(),
    })


base = np.arange(N, dtype=np.float64) * 0.37 - 1000
for protocol in (3, 4, 5):
    for pad in range(8):
        add(f"float64, protocol {protocol}, pad {pad}", protocol, base, pad)

for dtype in ("<f4", "<i8", "<c16", "<i2", "|u1", "|b1", ">f8", "<u4"):
    array = (np.arange(N * 8) % 251).astype(dtype)  # 1.12 MB or more at one byte an element
    add(f"{dtype}, protocol 5, pad 3", 5, array, 3)

add("a 2-D float32 array in Fortran order, protocol 5, pad 5", 5, np.asfortranarray(np.arange(N * 2, dtype=np.float32).reshape(700, 400)), 5)

print(json.dumps(cases))
