#!/usr/bin/env python3
"""Generate the benchmark workloads deterministically (fixed seeds) into bench/data/.

    python3 bench/gen/generate.py [--scale 1.0] [--out bench/data/scale-1.0] [--only records,stream] [--force]

Scale 1.0 is the full size of issue #6 (records ~150 MB, numeric ~200 MB, stream ~100 MB,
events ~90 MB, 8 shards of ~60 MB, py2 tuples and an MNIST-shaped gzipped Python 2 pickle); 0.05 is the quick
run. A workload is rewritten only when its recorded scale differs (or with --force), so a second
run at the same scale costs nothing. `manifest.json` records the scale and the files.
"""

from __future__ import annotations

import argparse
import datetime
import decimal
import gzip
import json
import os
import pickle
import random
import struct
import subprocess
import sys
import time
import uuid
from pathlib import Path

SEED = 20240606

# Full-size element counts, multiplied by --scale.
RECORDS = 1_800_000
NUMERIC_ARRAYS = 40
NUMERIC_BYTES = 200_000_000
STREAM_RECORDS = 800_000
STREAM_SHORT = 100_000  # issue #3: peak RSS of 100k vs 1M appended records
STREAM_LONG = 1_000_000
EVENTS_RECORDS = 400_000  # stream.pkl's shape with a datetime in each record
ORDERS_RECORDS = 300_000  # stream.pkl's shape with a UTC datetime and a Decimal in each record
ORDER_LIST = 400_000  # one list of order dicts, each with a datetime, a Decimal and line items
LINES_RECORDS = 200_000  # stream.pkl's shape with a UUID, a timedelta and 0-8 line-item dicts in each record
OBJECTS = 400_000  # one list of objects of a class of a user's own (bench/lib/bench_classes.py)
SHARDS = 8
SHARD_RECORDS = 720_000  # ~60 MB each in the records shape
SHARD_OVERLAP = 0.10
PY2_TUPLES = 200_000
MNIST_ROWS = (50_000, 10_000, 10_000)

FIRST = ["Anna", "José", "Zoë", "Łukasz", "Chloé", "Søren", "Björn", "Ірина", "Mei", "Oliver",
         "Noah", "Émile", "Ayşe", "Dmitri", "Ana", "李", "Hana", "Lars", "Ingrid", "Omar"]
LAST = ["Smith", "Müller", "García", "Nováková", "Kowalski", "Øster", "Dubois", "Ivanov",
        "王", "Tanaka", "Rossi", "Jönsson", "Öztürk", "Brown", "Silva", "Nguyễn"]
# Interned-like tag vocabulary: the pickler memoizes these, as it would real repeated strings.
TAGS = [f"tag-{word}" for word in (
    "alpha", "beta", "gamma", "delta", "red", "green", "blue", "new", "old", "vip", "trial",
    "eu", "us", "asia", "mobile", "web", "api", "beta-user", "staff", "bot")]
EVENTS = ["click", "view", "purchase", "signup", "logout", "search", "share", "error"]


def scaled(count: int, scale: float) -> int:
    return max(1, round(count * scale))


def record_value(rng: random.Random, ident: int) -> dict:
    """One value of the records shape: {id, name, score, active, tags, parent}."""
    tag_count = 2 + (rng.random() < 0.5)
    return {
        "id": ident,
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "score": round(rng.random() * 1000, 3) if rng.random() < 0.9 else rng.random(),
        "active": rng.random() < 0.7,
        "tags": rng.sample(TAGS, tag_count),
        "parent": None if rng.random() < 0.4 else rng.randrange(10_000_000),
    }


def make_records(count: int, seed: int, key_prefix: str, first_id: int = 0) -> dict:
    rng = random.Random(seed)
    return {f"{key_prefix}{i:08d}": record_value(rng, first_id + i) for i in range(count)}


def dump_file(path: Path, obj: object, protocol: int) -> None:
    with open(path, "wb") as f:
        pickle.dump(obj, f, protocol=protocol)


def gen_records_small(out: Path, scale: float) -> list[str]:
    """records-small.pkl: the records shape at a tenth of the size (issue 12: start-up counts there)."""
    records = make_records(scaled(RECORDS, scale * 0.1), SEED, "user:profile:")
    dump_file(out / "records-small.pkl", records, 5)
    return ["records-small.pkl"]


def gen_records(out: Path, scale: float) -> list[str]:
    records = make_records(scaled(RECORDS, scale), SEED, "user:profile:")
    dump_file(out / "records.pkl", records, 5)
    # The same data as JSON: what V8's native JSON.parse builds, the reference for JS value building.
    with open(out / "records.json", "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=False, separators=(",", ":"))
    return ["records.pkl", "records.json"]


def gen_numeric(out: Path, scale: float) -> list[str]:
    import numpy as np

    rng = np.random.default_rng(SEED)
    bytes_per_array = max(64, int(NUMERIC_BYTES * scale / NUMERIC_ARRAYS))
    arrays = {}
    for i in range(NUMERIC_ARRAYS):
        if i % 2 == 0:
            n = bytes_per_array // 4
            data = rng.standard_normal(n, dtype=np.float32)
        else:
            n = bytes_per_array // 8
            data = rng.integers(-(2**40), 2**40, size=n, dtype=np.int64)
        # A third of them 2-D, as feature matrices are.
        if i % 3 == 0 and n % 16 == 0:
            data = data.reshape(n // 16, 16)
        arrays[f"array_{i:02d}"] = data
    dump_file(out / "numeric.pkl", arrays, 5)
    return ["numeric.pkl"]


def stream_record(rng: random.Random, seq: int) -> dict:
    return {
        "seq": seq,
        "ts": 1_700_000_000 + seq * 0.25 + rng.random(),
        "event": rng.choice(EVENTS),
        "user": f"user:{rng.randrange(1_000_000):08d}",
        "payload": {"x": rng.randrange(4096), "y": rng.randrange(4096), "ok": rng.random() < 0.9},
        "tag": rng.choice(TAGS),
    }


def write_stream(path: Path, count: int) -> None:
    rng = random.Random(SEED + 1)
    with open(path, "wb") as f:
        for seq in range(count):
            pickle.dump(stream_record(rng, seq), f, protocol=4)


def gen_convert(out: Path, scale: float) -> list[str]:
    """stream.pkl's records as NDJSON (json.dumps per line), for `convert` to pickles."""
    rng = random.Random(SEED + 1)
    with open(out / "stream.ndjson", "w", encoding="utf-8") as f:
        for seq in range(scaled(STREAM_RECORDS, scale)):
            f.write(json.dumps(stream_record(rng, seq)))
            f.write("\n")
    return ["stream.ndjson"]


def gen_events(out: Path, scale: float) -> list[str]:
    """events.pkl: stream.pkl's records, each with a datetime ("at"), as a log of events is: every
    record holds a class, so none is plain data (the engine reads each datetime as an island)."""
    rng = random.Random(SEED + 4)
    start = datetime.datetime(2024, 1, 1)
    with open(out / "events.pkl", "wb") as f:
        for seq in range(scaled(EVENTS_RECORDS, scale)):
            record = stream_record(rng, seq)
            record["at"] = start + datetime.timedelta(seconds=seq * 7.5, microseconds=rng.randrange(1_000_000))
            pickle.dump(record, f, protocol=4)
    return ["events.pkl"]


def gen_orders(out: Path, scale: float) -> list[str]:
    """orders.pkl: stream.pkl's records, each with a UTC datetime ("at") and a Decimal ("amount"),
    as an order log is: each record pickles its own timezone (timezone.utc is made in every
    record, where events.pkl's naive datetimes need none)."""
    rng = random.Random(SEED + 5)
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    with open(out / "orders.pkl", "wb") as f:
        for seq in range(scaled(ORDERS_RECORDS, scale)):
            record = stream_record(rng, seq)
            record["at"] = start + datetime.timedelta(seconds=seq * 7.5, microseconds=rng.randrange(1_000_000))
            record["amount"] = decimal.Decimal(rng.randrange(1, 10_000_000)).scaleb(-2)
            pickle.dump(record, f, protocol=4)
    return ["orders.pkl"]


def gen_lines(out: Path, scale: float) -> list[str]:
    """lines.pkl: stream.pkl's records, each with a UUID ("ref"), a timedelta ("took") and a list
    of 0-8 line-item dicts ("lines": sku, qty, price, and a note that is None or a str), as an
    order log with its lines is: records of one shape whose lists of dicts change length."""
    rng = random.Random(SEED + 9)
    with open(out / "lines.pkl", "wb") as f:
        for seq in range(scaled(LINES_RECORDS, scale)):
            record = stream_record(rng, seq)
            record["ref"] = uuid.UUID(int=rng.getrandbits(128))
            record["took"] = datetime.timedelta(seconds=rng.randrange(86_400), microseconds=rng.randrange(1_000_000))
            record["lines"] = [
                {"sku": f"sku-{rng.randrange(50_000):05d}", "qty": rng.randrange(1, 10), "price": round(rng.random() * 200, 2), "note": None if rng.random() < 0.8 else rng.choice(TAGS)}
                for _ in range(rng.randrange(9))
            ]
            pickle.dump(record, f, protocol=4)
    return ["lines.pkl"]


def gen_order_list(out: Path, scale: float) -> list[str]:
    """order-list.pkl: one list of order dicts, as a table of orders loaded from a database and
    pickled whole is: each with a naive datetime ("placed"), a Decimal ("total"), tags and a list
    of 0-4 line-item dicts ("items"), protocol 5. Inside one giant record, the engine writes the
    dicts from learned shapes (packages/core README, value shapes)."""
    rng = random.Random(SEED + 6)
    start = datetime.datetime(2024, 1, 1)
    orders = []
    for i in range(scaled(ORDER_LIST, scale)):
        orders.append({
            "id": i,
            "customer": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "placed": start + datetime.timedelta(seconds=i * 37, microseconds=rng.randrange(1_000_000) if i % 2 else 0),
            "total": decimal.Decimal(rng.randrange(1, 10_000_000)).scaleb(-2),
            "tags": rng.sample(TAGS, rng.randrange(3)),
            "items": [{"sku": f"sku-{rng.randrange(50_000):05d}", "qty": rng.randrange(1, 10), "price": round(rng.random() * 200, 2)}
                      for _ in range(rng.randrange(5))],
        })
    dump_file(out / "order-list.pkl", orders, protocol=5)
    return ["order-list.pkl"]


def gen_objects(out: Path, scale: float) -> list[str]:
    """objects.pkl: one list of objects of a class of a user's own (bench_classes.Reading: sensor,
    at, value, flags), protocol 5: what a user pickles who keeps objects, not dicts. Ours writes
    each as a placeholder, its state dict from a learned shape (packages/core README)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
    from bench_classes import Reading

    rng = random.Random(SEED + 7)
    sensors = [f"sensor-{n:03d}" for n in range(200)]
    readings = [Reading(rng.choice(sensors), 1_700_000_000 + i * 0.25, round(rng.gauss(20, 5), 3), rng.sample(EVENTS, rng.randrange(3)))
                for i in range(scaled(OBJECTS, scale))]
    dump_file(out / "objects.pkl", readings, protocol=5)
    return ["objects.pkl"]


def gen_stream(out: Path, scale: float) -> list[str]:
    write_stream(out / "stream.pkl", scaled(STREAM_RECORDS, scale))
    write_stream(out / "stream-short.pkl", scaled(STREAM_SHORT, scale))
    write_stream(out / "stream-long.pkl", scaled(STREAM_LONG, scale))
    return ["stream.pkl", "stream-short.pkl", "stream-long.pkl"]


def gen_shards(out: Path, scale: float) -> list[str]:
    shard_dir = out / "shards"
    shard_dir.mkdir(exist_ok=True)
    for old in shard_dir.glob("*.pkl"):
        old.unlink()
    per_shard = scaled(SHARD_RECORDS, scale)
    overlap = int(per_shard * SHARD_OVERLAP)
    names = []
    for s in range(SHARDS):
        shard = make_records(per_shard - overlap, SEED + 100 + s, f"shard{s}:user:", first_id=s * per_shard)
        # 10% of the keys repeat keys of the previous shard (with new values): the merge keeps the
        # later shard's value, as dict.update does.
        rng = random.Random(SEED + 200 + s)
        prev = (s - 1) % SHARDS
        for i in rng.sample(range(per_shard - overlap), overlap):
            shard[f"shard{prev}:user:{i:08d}"] = record_value(rng, 100_000_000 + s * per_shard + i)
        name = f"shard-{s:02d}.pkl"
        dump_file(shard_dir / name, shard, 4)
        names.append(f"shards/{name}")
    return names


class Py2Writer:
    """Writes protocol 2 opcodes as Python 2's cPickle did, py2 `str` as (SHORT_)BINSTRING.

    Python 3 cannot write a py2 str (its bytes become `_codecs.encode` calls), so the few
    opcodes needed are emitted by hand, memoizing with BINPUT/LONG_BINPUT like cPickle.
    """

    def __init__(self) -> None:
        self.parts: list[bytes] = [b"\x80\x02"]
        self.memo = 0

    def put(self) -> None:
        self.memo += 1
        if self.memo < 256:
            self.parts.append(b"q" + bytes([self.memo]))
        else:
            self.parts.append(b"r" + struct.pack("<I", self.memo))

    def py2str(self, data: bytes, memoize: bool = True) -> None:
        if len(data) < 256:
            self.parts.append(b"U" + bytes([len(data)]) + data)
        else:
            self.parts.append(b"T" + struct.pack("<i", len(data)) + data)
        if memoize:
            self.put()

    def unicode(self, text: str) -> None:
        data = text.encode("utf-8")
        self.parts.append(b"X" + struct.pack("<I", len(data)) + data)
        self.put()

    def int(self, value: int) -> None:
        if 0 <= value < 256:
            self.parts.append(b"K" + bytes([value]))
        elif 0 <= value < 65536:
            self.parts.append(b"M" + struct.pack("<H", value))
        else:
            self.parts.append(b"J" + struct.pack("<i", value))

    def float(self, value: float) -> None:
        self.parts.append(b"G" + struct.pack(">d", value))

    def op(self, code: bytes) -> None:
        self.parts.append(code)

    def global_(self, module: str, name: str) -> None:
        self.parts.append(b"c" + module.encode() + b"\n" + name.encode() + b"\n")
        self.put()

    def stop(self) -> bytes:
        self.parts.append(b".")
        return b"".join(self.parts)


def gen_py2_tuples(out: Path, scale: float) -> list[str]:
    rng = random.Random(SEED + 3)
    w = Py2Writer()
    w.op(b"]")
    w.put()
    count = scaled(PY2_TUPLES, scale)
    for start in range(0, count, 1000):  # cPickle batches APPENDS by 1000
        w.op(b"(")
        for i in range(start, min(count, start + 1000)):
            # (py2 str name, int, float, py2 str with latin-1 bytes, unicode)
            w.op(b"(")
            w.py2str(f"item-{i:07d}".encode())
            w.int(rng.randrange(2**31 - 1))
            w.float(rng.random() * 100)
            w.py2str(bytes(rng.choice((0x61, 0xE9, 0xFC, 0x7A)) for _ in range(8)))
            w.unicode(rng.choice(FIRST))
            w.op(b"t")
            w.put()
        w.op(b"e")
    data = w.stop()
    (out / "py2-tuples.pkl").write_bytes(data)
    return ["py2-tuples.pkl"]


def write_py2_ndarray(w: Py2Writer, array) -> None:
    """An ndarray as Python 2 numpy pickled it: _reconstruct + BUILD with the data as a py2 str."""
    w.global_("numpy.core.multiarray", "_reconstruct")
    w.global_("numpy", "ndarray")
    w.int(0)
    w.op(b"\x85")  # TUPLE1
    w.put()
    w.py2str(b"b")
    w.op(b"\x87")  # TUPLE3
    w.put()
    w.op(b"R")
    w.put()
    w.op(b"(")
    w.int(1)
    for dim in array.shape:
        w.int(dim)
    w.op(b"\x85" if array.ndim == 1 else b"\x86")
    w.put()
    w.global_("numpy", "dtype")
    w.py2str(array.dtype.str[1:].encode())  # 'f4', 'i8'
    w.int(0)
    w.int(1)
    w.op(b"\x87")
    w.put()
    w.op(b"R")
    w.put()
    w.op(b"(")
    w.int(3)
    w.py2str(b"<")
    w.op(b"NNN")
    w.parts.append(b"J" + struct.pack("<i", -1))
    w.parts.append(b"J" + struct.pack("<i", -1))
    w.int(0)
    w.op(b"t")
    w.put()
    w.op(b"b")  # BUILD the dtype
    w.op(b"\x89")  # NEWFALSE: not Fortran order
    w.py2str(array.tobytes())
    w.op(b"t")
    w.put()
    w.op(b"b")  # BUILD the array


def gen_mnist(out: Path, scale: float) -> list[str]:
    """An MNIST-shaped Python 2 pickle, gzipped: ((X_train, y_train), (X_valid, y_valid), (X_test, y_test)).

    X is float32 (rows, 784) in [0, 1), mostly zeros like the digits; y is int64 labels.
    """
    import numpy as np

    rng = np.random.default_rng(SEED + 4)
    w = Py2Writer()
    for rows in MNIST_ROWS:
        rows = scaled(rows, scale)
        images = np.zeros((rows, 784), dtype=np.float32)
        ink = rng.random((rows, 784)) < 0.19
        images[ink] = rng.integers(1, 256, size=int(ink.sum())).astype(np.float32) / 256
        labels = rng.integers(0, 10, size=rows, dtype=np.int64)
        write_py2_ndarray(w, images)
        write_py2_ndarray(w, labels)
        w.op(b"\x86")  # TUPLE2
        w.put()
    w.op(b"\x87")
    w.put()
    with gzip.open(out / "mnist.pkl.gz", "wb", compresslevel=6) as f:
        f.write(w.stop())
    return ["mnist.pkl.gz"]


def gen_tiny(out: Path, _scale: float) -> list[str]:
    """A ~1 KB pickle: the CLI start-up measurement decodes it."""
    rng = random.Random(SEED + 5)
    tiny = {f"k{i}": record_value(rng, i) for i in range(10)}
    dump_file(out / "tiny.pkl", tiny, 4)
    return ["tiny.pkl"]


FRAME_PYTHON = "/usr/bin/python3"  # Debian's python3-pandas; the python3 on PATH may lack pandas


def gen_frame(out: Path, scale: float) -> list[str]:
    """frame.pkl: a 3M-row DataFrame as df.to_pickle writes it, made by pandas (make_frame.py)."""
    script = Path(__file__).resolve().parent / "make_frame.py"
    rows = scaled(3_000_000, scale)
    subprocess.run([FRAME_PYTHON, str(script), "--rows", str(rows), "--out", str(out / "frame.pkl")], check=True)
    return ["frame.pkl"]


WORKLOADS = {
    "records": gen_records,
    "records-small": gen_records_small,
    "numeric": gen_numeric,
    "stream": gen_stream,
    "events": gen_events,
    "orders": gen_orders,
    "order-list": gen_order_list,
    "lines": gen_lines,
    "objects": gen_objects,
    "convert": gen_convert,
    "shards": gen_shards,
    "py2": lambda out, scale: gen_py2_tuples(out, scale) + gen_mnist(out, scale),
    "tiny": gen_tiny,
    "frame": gen_frame,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = full size, 0.05 = quick run")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "data")
    parser.add_argument("--only", default="", help="comma-separated workloads: " + ",".join(WORKLOADS))
    parser.add_argument("--force", action="store_true", help="rewrite even when the scale matches")
    args = parser.parse_args()
    if not 0 < args.scale <= 4:
        parser.error(f"--scale must be in (0, 4], got {args.scale}")
    only = [name for name in args.only.split(",") if name] or list(WORKLOADS)
    unknown = [name for name in only if name not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {unknown}; expected some of {list(WORKLOADS)}")

    args.out.mkdir(parents=True, exist_ok=True)
    manifest_path = args.out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"workloads": {}}
    for name in only:
        entry = manifest["workloads"].get(name)
        files_present = entry and all((args.out / f).exists() for f in entry["files"])
        if not args.force and files_present and entry["scale"] == args.scale and entry["seed"] == SEED:
            print(f"gen: {name} up to date (scale {args.scale})", file=sys.stderr)
            continue
        started = time.perf_counter()
        files = WORKLOADS[name](args.out, args.scale)
        sizes = {f: os.path.getsize(args.out / f) for f in files}
        manifest["workloads"][name] = {"scale": args.scale, "seed": SEED, "files": files, "bytes": sizes}
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
        total_mb = sum(sizes.values()) / 1e6
        print(f"gen: {name} {total_mb:.1f} MB in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
