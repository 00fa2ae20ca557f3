"""Writes each committed fixture value, as CPython reads it back, wrapped in a dict
{"v": value, 7: value, "again": value} at protocols 2 to 5: the merge transcoder's tests
(msgpack and JSON) take these or decline them.

    python3 wrap_fixtures.py SRC OUT    (SRC: test/fixtures/values; OUT is created if missing)
"""

import os
import pickle
import sys

# The fixtures' own classes (generate.py's module) must import for pickle.load.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures"))
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
for name in sorted(os.listdir(src)):
    if not name.endswith(".pkl"):
        continue
    try:
        with open(os.path.join(src, name), "rb") as f:
            value = pickle.load(f, encoding="latin1")
        for p in (2, 3, 4, 5):
            with open(os.path.join(out, "%s.w%d.pkl" % (name, p)), "wb") as f:
                pickle.dump({"v": value, 7: value, "again": value}, f, protocol=p)
    except Exception:
        pass  # values CPython cannot load or re-pickle here: not this test's business
