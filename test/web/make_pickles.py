"""Writes the pickles the browser tests open, and what CPython says about them, into a folder.

    python3 test/web/make_pickles.py OUT_DIR [--big]

OUT_DIR/expected.json holds CPython's repr of each record (the page's record list shows a
Python-like repr), the placeholder's class name and one MNIST-like digit's pixels.
"""
import gzip
import io
import json
import os
import pickle
import pickletools
import sys
import types

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
expected = {}

# Plain records, appended one after another, at several protocols.
records = [
    {"name": "ada", "langs": ["en", "fr"], "age": 36},
    (1, "two", 3.5, None, True),
    [b"\x00ab", {"nested": {"k": [1, 2]}}],
    "a str with 'quotes'",
    123456789012345678901234567890,
]
protocols = [0, 2, 3, 4, 5]
offsets = []
with open(os.path.join(out, "records.pkl"), "wb") as f:
    for index, value in enumerate(records):
        offsets.append(f.tell())
        pickle.dump(value, f, protocol=protocols[index])
    offsets.append(f.tell())
# The same records cut 3 bytes into the last one: the first four stay, the cut is reported.
with open(os.path.join(out, "records.pkl"), "rb") as f:
    whole = f.read()
with open(os.path.join(out, "cut.pkl"), "wb") as f:
    f.write(whole[: offsets[4] + 3])
# The same records with a byte that is no opcode at the start of record 3's body (after PROTO 4).
with open(os.path.join(out, "bad.pkl"), "wb") as f:
    f.write(whole[: offsets[3] + 2] + b"\xff" + whole[offsets[3] + 3 :])
expected["records"] = [
    {"repr": repr(value), "type": type(value).__name__, "offset": offsets[i], "size": offsets[i + 1] - offsets[i], "protocol": protocols[i]}
    for i, value in enumerate(records)
]

# An instance of a class the decoder does not rebuild: the page shows it as class + args + state.
sys.modules["acme"] = types.ModuleType("acme")
module = types.ModuleType("acme.models")
sys.modules["acme.models"] = module


class Forecast:
    def __init__(self):
        self.horizon = 12
        self.weights = [0.5, 0.25]


Forecast.__module__ = "acme.models"
Forecast.__qualname__ = "Forecast"
module.Forecast = Forecast
with open(os.path.join(out, "placeholder.pkl"), "wb") as f:
    pickle.dump({"model": Forecast()}, f, protocol=4)
expected["placeholderClass"] = "acme.models.Forecast"


class Hostile:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


with open(os.path.join(out, "hostile.pkl"), "wb") as f:
    pickle.dump(Hostile(), f, protocol=2)
text = io.StringIO()
with open(os.path.join(out, "hostile.pkl"), "rb") as f:
    pickletools.dis(f, out=text)
expected["hostileDis"] = text.getvalue()

# MNIST's layout ((train_x, train_y), (valid_x, valid_y), (test_x, test_y)), images as uint8 rows of
# 784 pixels, mostly black with a bright stroke, gzip-compressed as mnist.pkl.gz is.
rng = np.random.default_rng(16)
count = 50000
images = np.zeros((count, 28, 28), dtype=np.uint8)
rows = rng.integers(4, 20, size=count)
cols = rng.integers(4, 20, size=count)
for i in range(count):
    images[i, rows[i] : rows[i] + 8, cols[i] : cols[i] + 3] = rng.integers(128, 256, size=(8, 3))
    images[i, rows[i], cols[i] : cols[i] + 8] = 255
train_x = images.reshape(count, 784)
train_y = (np.arange(count) % 10).astype(np.int64)
small_x = train_x[:100].copy()
small_y = train_y[:100].copy()
with gzip.open(os.path.join(out, "mnist.pkl.gz"), "wb", compresslevel=1) as f:
    pickle.dump(((train_x, train_y), (small_x, small_y), (small_x, small_y)), f, protocol=2)
expected["mnistDigit"] = {"index": 7, "pixels": train_x[7].tolist()}

# A colour picture (HxWx3 uint8) and a gray one of floats in 0..1 (drawn as v x 255).
rgb = rng.integers(0, 256, size=(6, 5, 3), dtype=np.uint8)
levels = rng.integers(0, 256, size=(4, 7))
gray = (levels / 255).astype(np.float32)
with open(os.path.join(out, "pictures.pkl"), "wb") as f:
    pickle.dump({"rgb": rgb, "gray": gray}, f, protocol=4)
expected["rgbPixels"] = [[*pixel, 255] for pixel in rgb.reshape(-1, 3).tolist()]
expected["grayPixels"] = [[level, level, level, 255] for level in levels.reshape(-1).tolist()]

# A long list: its 100000 items open as a virtualised list.
squares = [i * i for i in range(100000)]
with open(os.path.join(out, "long.pkl"), "wb") as f:
    pickle.dump({"values": squares}, f, protocol=4)
expected["longLast"] = repr(squares[-1])

if "--big" in sys.argv:
    # About 100 MB of small records: many records, each decoded, audited and listed.
    item = {"id": 0, "user": "someone@example.org", "tags": ["a", "b", "c"], "scores": list(range(200))}
    with open(os.path.join(out, "big.pkl"), "wb") as f:
        index = 0
        while f.tell() < 100 * 1024 * 1024:
            item["id"] = index
            pickle.dump(item, f, protocol=4)
            index += 1
    expected["bigFirst"] = repr({**item, "id": 0})
    expected["bigLast"] = repr(item)
    expected["bigCount"] = index
    expected["bigSize"] = os.path.getsize(os.path.join(out, "big.pkl"))

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f)
