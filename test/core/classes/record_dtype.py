"""Pickles of numpy record arrays and record dtypes, with the JSON CPython computes for them.

A record dtype (`np.rec.array`, `pandas.DataFrame.to_records()`) pickles as
`dtype(numpy.record, False, True)`. Prints one JSON list: per case its name, the pickle in hex,
and the expected JSON text from the original object (test/fixtures/oracle.py's `to_json`, the
project's output contract), plus `str(dtype)` of the value's dtype.
test/core/classes/record-dtype.test.ts decodes each and compares.
"""

import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "fixtures"))
import oracle  # noqa: E402

fields = [("x", "<i4"), ("y", "<f8"), ("s", "S2"), ("u", "<U2")]
rec = np.rec.array([(1, 2.5, b"ab", "x"), (-3, 4.5, b"cd", "yz")], dtype=fields)
# What DataFrame.to_records() returns: a numpy.recarray whose first field is the index.
to_records = np.rec.fromrecords([(0, 1.5, "a"), (1, -2.0, "bc")], names=["index", "value", "label"])
big_endian = np.rec.array([(1, 2.0)], dtype=[("a", ">i8"), ("b", ">f4")])
values = {
    "np.rec.array": rec,
    "DataFrame.to_records()-like recarray": to_records,
    "big-endian record array": big_endian,
    "2-d record array": np.rec.array(np.zeros((2, 2), dtype=[("p", "<i2"), ("q", "u1")])),
    "record dtype": rec.dtype,
    "record scalar": rec[1],
    "plain array of a record dtype": rec.view(np.ndarray),
}

out = []
for name, value in values.items():
    for protocol in range(6):
        out.append(
            {
                "name": f"{name} at protocol {protocol}",
                "hex": pickle.dumps(value, protocol=protocol).hex(),
                "expected": oracle.to_json(value, protocol),
                "dtype": str(value if isinstance(value, np.dtype) else value.dtype),
            }
        )
print(json.dumps(out))
