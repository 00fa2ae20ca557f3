"""Plain Python data pickled by CPython, for test/core/encoder/cpython-bytes.test.ts.

Prints one JSON object {case: {protocol: hex}} of `pickle.dumps(value, protocol)` for protocols
3, 4 and 5. The test decodes each pickle and encodes it again; our bytes must equal these.

Every repeated str in these values is one object (interned), as a decoded pickle's repeated
strings are in CPython (a memo GET returns the same object): JS strings have no identity, so the
Pickler memoizes str by value, which gives CPython's bytes exactly when equal strings are shared.
"""

import json
import pickle
import random
import sys

I = sys.intern


def records(count, seed):
    """The bench's records shape (bench/gen/generate.py), names interned."""
    rng = random.Random(seed)
    first = ["Anna", "José", "Zoë", "Łukasz", "Ірина", "李", "Omar"]
    last = ["Smith", "Müller", "王", "Nguyễn", "Öztürk"]
    tags = [I(f"tag-{word}") for word in ("alpha", "beta", "gamma", "red", "vip", "eu", "api")]
    out = {}
    for i in range(count):
        out[I(f"user:profile:{i:08d}")] = {
            "id": i,
            "name": I(f"{rng.choice(first)} {rng.choice(last)}"),
            "score": round(rng.random() * 1000, 3) if rng.random() < 0.9 else float(rng.randrange(5)),
            "active": rng.random() < 0.7,
            "tags": rng.sample(tags, 2 + (rng.random() < 0.5)),
            "parent": None if rng.random() < 0.4 else rng.randrange(10_000_000),
        }
    return out


def shared_late():
    """Thousands of containers met once, then some met again (the first repeat far from its first
    sight), new containers after that first repeat, and repeats of those and of a dict cycle."""
    rows = [{"id": i, "name": I(f"n{i}"), "tags": [i, I("t")]} for i in range(3000)]
    later = [[i] for i in range(500)]
    cycle = {}
    cycle["self"] = cycle
    return [rows, rows[0], rows[2999]["tags"], later, later[499], rows[1500], cycle, later[0], [cycle], rows[0]]


def cases():
    shared_list = [1, 2]
    shared_dict = {"k": shared_list}
    recursive = [0]
    recursive.append(recursive)
    tuple_cycle = [1]
    tuple_cycle.append((tuple_cycle,))
    return {
        "scalars": [None, True, False, 0, 1, 255, 256, 65535, 65536, -1, -129, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1,
                    2**53 + 1, -(2**64), 2**2100, 0.5, -0.0, 1e300, float("inf"), float("-inf"), 2.0, -3.0],
        "strings": ["", "a", "é", "李", "😀", "a" * 85, "é" * 85, "a" * 86, "é" * 128, "a" * 255, "a" * 256,
                    "mixed ascii then é", "x" * 70_000, "é" * 40_000, "\udc80 lone", "\ud800"],
        "bytes": [b"", b"\x00\xff", bytes(range(256)), b"z" * 70_000, bytearray(), bytearray(b"ab"), bytearray(b"q" * 300)],
        "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), ((),), (("a", "b"), ["c"])],
        "lists": [[], [1], [1, 2], list(range(999)), list(range(1000)), list(range(1001)), list(range(2001))],
        "dicts": [{}, {"a": 1}, {"a": 1, "b": 2}, {i: i for i in range(1000)}, {i: -i for i in range(1001)},
                  {i: str(i) for i in range(2000)}, {1: "int key", 2.5: "float key", (1, 2): "tuple key", None: 0}],
        "sets": [set(), {1}, {1, 2, 3}, set(range(1000)), set(range(1001)), frozenset(), frozenset({4, 5})],
        "shared": [shared_list, shared_dict, shared_list, (shared_list, shared_list), "twice", "twice"],
        "recursive": [recursive, tuple_cycle],
        "records": records(3000, 7),
        "shared-late": shared_late(),
    }


def main():
    out = {}
    for name, value in cases().items():
        out[name] = {protocol: pickle.dumps(value, protocol=protocol).hex() for protocol in (2, 3, 4, 5)}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
