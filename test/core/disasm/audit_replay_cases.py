"""Streams for test/core/disasm/audit-replay.test.ts: one line per case, `name<TAB>base64`.

Each case is records appended as `pickle.dump` appends them (one `pickle.dumps` each), at
protocols 0 to 5. Most hold data only, of one shape whose scalars change from record to record
(what the audit replays: disasm/audit-replay.ts); among them records of other shapes, records
with classes (audited opcode by opcode), and records large enough for several frames.
"""
import base64
import datetime
import decimal
import pickle
import random
import sys
import types
import zoneinfo

rng = random.Random(20261206)
items = []


def add(name, records, protocols=(0, 1, 2, 3, 4, 5)):
    for protocol in protocols:
        data = b"".join(pickle.dumps(record, protocol=protocol) for record in records)
        items.append((f"{name} (protocol {protocol})", data))


def row(i):
    return {
        "seq": i * rng.choice([1, 300, 70000, -5, 2**40]),
        "ts": rng.random() * 1e9,
        "user": rng.choice(["ann", "Søren", "日本語", "emoji 😀", "x" * 300, "", "lone \udc80 surrogate"]),
        "blob": rng.choice([b"", b"\x00\xff", bytes(300)]),
        "ok": rng.choice([True, False, None]),
        "tags": ["a", "b"],
        "pair": (i, "p"),
    }


add("data-only rows whose scalars change class", [row(i) for i in range(60)])
add("one int per record", [n for n in (0, 1, 255, 256, 65535, 65536, 2**31 - 1, -1, 2**64, -(2**70), 7)])
shared = ["shared", "list"]
add("memo reads inside each record", [{"a": shared, "b": shared, "c": [shared, i]} for i in range(20)])
add("lists of every length 0-6, twice", [list(range(n)) for n in range(7)] * 2)
add("sets and frozensets", [{"s": {i, i + 1}, "f": frozenset([str(i)])} for i in range(12)])
add("big records (several frames)", [{"k": "v" * (70000 + 1000 * i), "n": i} for i in range(4)])
add(
    "rows with a class among data-only rows",
    [{"n": i, "when": datetime.datetime(2026, 1, 1, i % 24)} if i % 3 == 0 else {"n": i, "when": None} for i in range(15)],
)
add("Decimals in every other record", [{"d": decimal.Decimal(i) / 7} if i % 2 else {"d": float(i)} for i in range(10)])
add("nested dicts and tuples", [{"outer": {"inner": (i, (i, [i, {"deep": str(i)}]))}} for i in range(15)])


# Zoned datetimes as pytz and dateutil pickle them (`pytz._p(zone, utcoffset, dst, tzname)`,
# `pytz._UTC()`, `pytz.FixedOffset(minutes)`, `dateutil.tz.tz.tzutc()`): CI's python3 has neither
# library, so stand-in modules of those names give pickle the same globals and arguments.
def stand_in(module_name, names):
    module = types.ModuleType(module_name)
    sys.modules[module_name] = module
    for name in names:
        def make(*args, _name=name):
            return Zone(module_name, _name, args)
        make.__module__, make.__qualname__, make.__name__ = module_name, name, name
        setattr(module, name, make)
    return module


class Zone(datetime.tzinfo):
    def __init__(self, module, name, args):
        self.maker, self.args = getattr(sys.modules[module], name), args

    def __reduce__(self):
        return self.maker, self.args

    def utcoffset(self, dt):
        return datetime.timedelta(0)


pytz = stand_in("pytz", ["_p", "_UTC", "FixedOffset"])
for package in ("dateutil", "dateutil.tz"):
    sys.modules.setdefault(package, types.ModuleType(package))
dateutil_tz = stand_in("dateutil.tz.tz", ["tzutc"])
zones = [
    lambda i: pytz._p("Europe/Paris", 3600 if i % 2 else 7200, 0 if i % 2 else 3600, "CET" if i % 2 else "CEST"),
    lambda i: pytz._UTC(),
    lambda i: pytz.FixedOffset(i * 15 - 300),
    lambda i: dateutil_tz.tzutc(),
]
add(
    "zoned datetimes (pytz, dateutil), one zone kind per record",
    [{"id": i, "at": datetime.datetime(2024, 1 + i % 12, 1, 9, tzinfo=zones[i % 4](i)), "user": f"u{i}"} for i in range(40)],
)
add("pytz datetimes, one zone", [{"id": i, "at": datetime.datetime(2024, 6, 1, i % 24, tzinfo=zones[0](i))} for i in range(30)])


class ZoneInfoLike(datetime.tzinfo):
    """Pickles as a zoneinfo.ZoneInfo does, `getattr(ZoneInfo, "_unpickle")(key, 1)`, without the zone database."""

    def __init__(self, key):
        self.key = key

    def __reduce__(self):
        return zoneinfo.ZoneInfo._unpickle, (self.key, 1)

    def utcoffset(self, dt):
        return datetime.timedelta(0)


keys = ["Europe/Paris", "America/New_York"]
add("zoneinfo datetimes", [{"id": i, "at": datetime.datetime(2024, 6, 1, i % 24, tzinfo=ZoneInfoLike(keys[i // 20])), "n": i * 0.5} for i in range(30)])

for name, data in items:
    print(f"{name}\t{base64.b64encode(data).decode()}")
