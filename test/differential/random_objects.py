#!/usr/bin/env python3
"""Random Python objects for the differential test, pickled at protocols 0-5, with the JSON the
shared mapping prescribes (computed by ../fixtures/oracle.py).

Usage: python3 random_objects.py SEED COUNT
Prints one JSON object per line: {"index": i, "protocol": p, "pickle": <base64>, "json": <expected line>}.
The same SEED and COUNT give the same output (run with PYTHONHASHSEED=0, as the test does).
The expected text is computed twice (from the object and from the pickle with CPython's unpickler);
the script fails if the two disagree, so a bug in the oracle cannot pass for one in the decoder.
"""

import base64
import collections
import datetime
import json
import pathlib
import pickle
import re
import sys

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "fixtures"))
import oracle  # noqa: E402

# A high surrogate right before a low one is two characters in Python but one in JavaScript;
# the mapping cannot tell them apart, so generated text never has that pair.
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_LONE_SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"])

text = st.one_of(
    st.text(),
    st.text(alphabet=st.one_of(st.characters(), _LONE_SURROGATE)),
    st.text(alphabet=st.characters(max_codepoint=0x7F), min_size=256, max_size=300),  # BINUNICODE
).filter(lambda s: not _SURROGATE_PAIR.search(s))

integers = st.one_of(st.integers(), st.integers(min_value=-(2**2100), max_value=2**2100))

timezones = st.one_of(
    st.none(),
    st.just(datetime.timezone.utc),
    st.timedeltas(min_value=datetime.timedelta(hours=-23, minutes=-59), max_value=datetime.timedelta(hours=23, minutes=59))
    .map(datetime.timezone),
)

NUMPY_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16",
                "float32", "float64", "complex64", "complex128", "<U4", "S4", ">i4", ">f8"]
numpy_arrays = st.one_of(
    hnp.arrays(dtype=st.sampled_from(NUMPY_DTYPES), shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)),
    hnp.arrays(dtype=st.sampled_from(NUMPY_DTYPES), shape=hnp.array_shapes(min_dims=2, max_dims=2, max_side=4))
    .map(lambda a: a.T),  # Fortran order
)

scalars = st.one_of(
    st.none(), st.booleans(), integers, st.floats(), text, st.binary(), st.binary().map(bytearray),
    st.datetimes(timezones=timezones), st.dates(), st.times(timezones=timezones), st.timedeltas(),
    st.decimals(), st.fractions(), st.uuids(), st.complex_numbers(),
    st.lists(st.sampled_from(["a", "b", "é", ".."]), max_size=4).map(lambda parts: pathlib.PurePosixPath("/", *parts)),
    numpy_arrays,
)

# No NaN or None in sets: in Python 3.11 hash(nan) and hash(None) depend on the object's address,
# so set order (and the pickle bytes) would change from run to run. Dict keys may be None (a dict
# keeps insertion order); the committed fixtures have a NaN key.
hashables = st.recursive(
    st.one_of(st.booleans(), integers, st.floats(allow_nan=False), text, st.binary()),
    lambda inner: st.one_of(st.lists(inner, max_size=3).map(tuple), st.frozensets(integers, max_size=3)),
    max_leaves=4,
)


class Point:
    """A class of the script's own (`__main__.Point`): an object with a `__dict__`, pickled as
    NEWOBJ (protocol 2+) or copyreg._reconstructor (0-1) and BUILD, a placeholder to the decoder."""


class Line(Point):
    pass


# A namedtuple of the script's own: NEWOBJ with its fields as arguments (protocol 2+), REDUCE of
# copyreg._reconstructor before. (A class with `__slots__` pickles at protocol 2+ only: it is
# test/core/engine/plain_object_cases.py's.)
Pair = collections.namedtuple("Pair", "first second")


def user_object(cls, attributes):
    obj = cls.__new__(cls)
    obj.__dict__.update(attributes)  # none: no state, no BUILD
    return obj


def containers(children):
    return st.one_of(
        st.builds(user_object, st.sampled_from([Point, Line]),
                  st.dictionaries(st.sampled_from(["x", "y", "label", "tags", "next"]), children, max_size=4)),
        st.builds(Pair, children, children),
        st.lists(children, max_size=6),
        st.lists(children, max_size=6).map(tuple),
        st.dictionaries(st.one_of(st.none(), hashables), children, max_size=6),
        st.sets(hashables, max_size=6),
        st.frozensets(hashables, max_size=6),
        st.dictionaries(text, children, max_size=4).map(lambda d: collections.OrderedDict(d)),
        st.lists(children, max_size=4).map(collections.deque),
        st.dictionaries(text, integers, max_size=4).map(collections.Counter),
    )


objects = st.recursive(scalars, containers, max_leaves=25)


def generate(seed_value, count):
    collected = []

    @settings(max_examples=count, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @seed(seed_value)
    @given(objects)
    def collect(obj):
        collected.append(obj)

    collect()
    return collected[:count]


def main():
    seed_value, count = int(sys.argv[1]), int(sys.argv[2])
    out = sys.stdout
    for index, obj in enumerate(generate(seed_value, count)):
        for protocol in range(6):
            data = pickle.dumps(obj, protocol)
            expected = oracle.to_json(obj, protocol)
            from_bytes = oracle.expected_ndjson(data)
            if from_bytes != expected + "\n":
                raise SystemExit(f"oracle disagreement, object {index} protocol {protocol}:\n{expected}\n{from_bytes}")
            line = {"index": index, "protocol": protocol, "pickle": base64.b64encode(data).decode("ascii"),
                    "json": expected}
            out.write(json.dumps(line, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
