"""Pickles whose root dict or list is big enough for the tape engine to write it batch by batch.

Prints one line per pickle: base64 of the bytes. Values shared across batches (memo copies of a
value written in an earlier batch), nested containers, non-ASCII str, big ints, floats, bytes,
int keys, and a tuple key (which the tape declines) in the last case.
"""

import base64
import pickle
import sys

shared = ["shared", 1.5, {"deep": [1, 2, 3]}]
name = "naïve 名前 \U0001f600"


def value(i):
    if i % 97 == 0:
        return shared
    if i % 5 == 0:
        return {"n": i, "f": i / 7, "s": name, "b": bytes([i % 256]) * 3, "big": 2**70 + i}
    if i % 5 == 1:
        return [i, -i, i * 0.5, None, True, False, "x" * (i % 40)]
    return (i, "t", 2.0)


cases = [
    {f"key-{i}": value(i) for i in range(30000)},
    [value(i) for i in range(30000)],
    {i: value(i) for i in range(30000)},
    {**{f"k{i}": i for i in range(30000)}, (1, 2): "a tuple key"},
]
for protocol in (2, 4, 5):
    for case in cases:
        sys.stdout.write(base64.b64encode(pickle.dumps(case, protocol=protocol)).decode() + "\n")
