"""Giant roots for test/core/engine/value-shapes.test.ts: one line per case, `name<TAB>base64`.

Each case is one pickle whose root (a dict or a list) holds thousands of dicts, most of them of
a few shapes whose values change from dict to dict: the JSON writer learns a dict's shape and
replays the next ones (json-value-shape.ts). Values the replay takes (strs, ints, floats, None,
bools, bytes, memo reads of them, lists of them of any length, nested dicts, lists of dicts,
datetimes (naive, or with a fixed-offset timezone read from the memo) and dates, Decimals, timedeltas, UUIDs), values and dicts it leaves to the general path (a str that needs escapes or is not
well-formed, a big int, a dict with a timezone-aware datetime, int keys, a dict of two batches), and values memoized inside replayed dicts
that later ones read again (a shared list, a shared dict, a name met again).
"""
import base64
import copyreg
import datetime
import decimal
import io
import pickle
import random
import uuid

rng = random.Random(20261205)
items = []
TAGS = ["tag-red", "tag-blue", "tag-vip", "tag-new", "tag-old", "tag-bot"]
NAMES = ["Oliver Tanaka", "Noah Silva", "Mei Nguyễn", "Ingrid Nováková", "Hana Öztürk", 'Quote "Q" Smith', "Line\nBreak", "Tab\there"]


def add(name, root, protocols=(2, 3, 4, 5)):
    for protocol in protocols:
        items.append((f"{name} (protocol {protocol})", pickle.dumps(root, protocol=protocol)))


def record(i):
    return {
        "id": i,
        "name": rng.choice(NAMES) + ("" if i % 3 else f" {i}"),
        "score": round(rng.uniform(0, 1000), 3) if i % 5 else rng.random(),
        "active": i % 2 == 0,
        "tags": rng.sample(TAGS, rng.randint(0, 4)),
        "parent": rng.randint(0, 2**31 - 1) if i % 4 else None,
    }


add("records by key", {f"user:profile:{i:08d}": record(i) for i in range(3000)})
add("a list of records", [record(i) for i in range(3000)])


def scalars(i):
    return {
        "neg": -i,
        "i2": 300 + i,
        "i4": 70000 * i,
        "long": 2**40 + i if i % 7 else -(2**63) - i,
        "huge": 2**70 + i if i % 50 == 0 else i,
        "f": [float("nan"), float("inf"), -float("inf"), -0.0, 1e300, 1e-7, 0.1, 12345678.9][i % 8],
        # A lone surrogate (not well-formed UTF-8) declines the whole record, late in it.
        "s": ["", "a", "é", "\x00ctl", "x" * 300, "\ud800" if i == 2495 else "ok"][i % 6],
        "none": None if i % 2 else True,
        "nested": {"x": i * 0.5, "y": -i, "z": {"deep": str(i)}} if i % 9 else {},
        "single": {"only": i},
        "one": [i],
        "many": list(range(i % 12)),
    }


add("scalars of every kind", [scalars(i) for i in range(2500)])

shared_list = ["shared", 1, 2.5]
shared_dict = {"kind": "shared", "n": 1}


def sharing(i):
    d = {"id": i, "list": shared_list if i % 3 == 0 else [i, "own"], "name": NAMES[i % len(NAMES)]}
    if i % 10 == 0:
        d["ref"] = shared_dict
    return d


root = {f"k{i}": sharing(i) for i in range(3000)}
# The same dict object under two keys (a memo read of a replayed dict), and a list of a dict
# replayed before read again inside a later one.
root["again"] = root["k17"]
root["later"] = {"id": -1, "list": root["k20"]["list"], "name": "later"}
add("shared values", root)


def mixed(i):
    kind = i % 6
    if kind == 0:
        return {"a": i, "b": str(i)}
    if kind == 1:
        return {"b": str(i), "a": i}
    if kind == 2:
        return {"a": i, "b": str(i), "c": None}
    if kind == 3:
        return {i: "int key", "a": i}
    if kind == 4:
        return {"a": i, "at": datetime.datetime(2024, 1, 2, 3, 4, i % 60)}
    return {"a": i, "b": [i, {"in": "a list"}]}


add("shapes that change", [mixed(i) for i in range(3000)])
big = {f"key{j}": j for j in range(1500)}
add("a dict of two batches among small ones", [{"a": i, "b": "x"} for i in range(1500)] + [big] + [{"a": i, "b": "y"} for i in range(1500)])
add("a second shape late", [{"a": i, "b": str(i)} for i in range(3000)] + [{"x": i, "y": [i], "z": None} for i in range(3000)])


def long_lists(count):
    # Each dict's long list holds strs of its own (memoized inside the list) and the next dict
    # reads one of them again: msgpack's array16 head moves the list's items, and their memo
    # entries with them.
    dicts, previous = [], "first"
    for i in range(count):
        names = [f"n{i}-{j}" for j in range(16 + i % 20)]
        dicts.append({"id": i, "vec": [i * 0.5 + j for j in range(16 + i % 3)], "names": names, "prev": previous})
        previous = names[i % len(names)]
    return dicts


add("dicts holding lists of 16 items or more", long_lists(1500))
SHARED_POINT = (0.5, -0.5)
add("dicts holding tuples", [{"id": i, "pos": (i * 0.5, i / 3), "one": (str(i),), "rgba": (i % 256, 7, 9, 255), "pair": (i, "x" if i % 2 else None), "shared": SHARED_POINT if i % 50 == 0 else (1.0, 2.0), "span": tuple(range(i % 6))} for i in range(2500)])
CYCLE_KEYS = [f"k{j}" for j in range(10)]
add("dicts of 10 shapes in turn", [{CYCLE_KEYS[i % 10]: i, "x": str(i)} for i in range(3000)])
add("keys met again as values", [{"name": "name", "value": "id", "id": i} for i in range(4000)])

SHARED_BLOB = b"shared\x00blob"
add("dicts holding bytes", [{"id": i, "blob": bytes([i % 256]) * (i % 9), "big": b"\xff" * (250 + i % 12), "pair": (b"k", i), "shared": SHARED_BLOB if i % 25 == 0 else b""} for i in range(3000)])
SHARED_ITEM = {"sku": "shared", "qty": 0}


def order(i):
    items = [{"sku": f"s{j}", "qty": j, "tags": TAGS[: j % 3]} for j in range(i % 4)]
    if i % 40 == 0:
        items.append(SHARED_ITEM)
    return {
        "id": i,
        "items": items,
        # 16 items or more now and then: msgpack's array16 head moves the items and their entries.
        "lines": [{"n": j, "v": j * 0.5} for j in range(2 if i % 9 else 17 + i % 3)],
        "deep": [{"level": 1, "inner": [{"level": 2, "leaf": [{"x": i}]}]}] if i % 5 == 0 else [],
    }


orders = [order(i) for i in range(2500)]
# A list of dicts replayed before, read again inside a later dict.
orders.append({"id": -1, "items": orders[41]["items"], "lines": [], "deep": []})
add("dicts holding lists of dicts", orders)
SHARED_PRICE = decimal.Decimal("19.99")
DECIMALS = ["0", "-0", "1.01", "-12.500", "1E+10", "1.5e-7", "NaN", "-Infinity", "sNaN", "123456789012345678901234567890.5"]


def priced(i):
    return {
        "id": i,
        "price": decimal.Decimal(f"{i}.{i % 100:02d}"),
        "odd": decimal.Decimal(DECIMALS[i % len(DECIMALS)]),
        "shared": SHARED_PRICE if i % 20 == 0 else None,
    }


add("dicts holding Decimals", [priced(i) for i in range(3000)])


def decimals_with_their_strs(protocol):
    """Decimals pickled with a str that the next dict reads (`prev`): `str(self)` as CPython
    writes it, or every 10th a text that is not (`"7e0"` prints `7`), whose memo reads must give
    the text pickled."""
    texts = {}
    rows = []
    previous = "none"
    for i in range(3000):
        text = f"{i}e0" if i % 10 == 3 else f"{i}.{i % 100:02d}"
        value = decimal.Decimal(text)
        texts[id(value)] = text
        rows.append({"price": value, "prev": previous})
        previous = text
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[decimal.Decimal] = lambda d: (decimal.Decimal, (texts[id(d)],))
    pickler.dump(rows)
    return out.getvalue()


for protocol in (2, 3, 4, 5):
    items.append((f"Decimals whose strs are read again (protocol {protocol})", decimals_with_their_strs(protocol)))
EPOCH = datetime.datetime(2024, 1, 1)
SHARED_AT = datetime.datetime(1999, 12, 31, 23, 59, 59, 999999)


def timestamped(i):
    d = {
        "id": i,
        # Microseconds on one in three (isoformat writes them only then).
        "at": EPOCH + datetime.timedelta(seconds=i * 3607, microseconds=(i * 7919) % 1000000 if i % 3 == 0 else 0),
        "day": datetime.date(1 + (i * 37) % 9999, 1 + i % 12, 1 + i % 28),
        "nested": {"seen": datetime.datetime(5, 2, 28, 12) if i % 7 == 0 else EPOCH.replace(fold=i % 2), "n": i},
        # The same object in many dicts: a memo read of a datetime a replay wrote.
        "shared": SHARED_AT if i % 10 == 0 else None,
    }
    if i % 500 == 499:
        d["tz"] = datetime.datetime(2024, 5, 6, tzinfo=datetime.timezone.utc)
    return d


add("dicts holding datetimes and dates", [timestamped(i) for i in range(3000)])
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30), "IST")
add("dicts holding datetimes with timezones", [{
    "id": i,
    "utc": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=i * 61),
    # Microseconds on one in four: 32 characters with the offset, no fixstr in msgpack.
    "ist": datetime.datetime(2024, 6, 1, 12, tzinfo=IST) + datetime.timedelta(minutes=i, microseconds=17 if i % 4 == 0 else 0),
    "naive": EPOCH,
} for i in range(3000)])
# Int keys (BININT1, BININT2, BININT; negative), compared as learned: the same keys in each
# dict, a few sets of them in turn, mixed with str keys.
add("dicts keyed by ints", [{"id": i, "scores": {1: i / 3, 2: i, 3: "x"}, "hist": {j: j * i for j in range(i % 5)}, "wide": {70000: i, -5: None, 300: "y", 0: True}} for i in range(2500)])
# In JSON an int key is written as the str of its digits: a dict with both is the driver's and the value path's to judge.
add("int keys and str keys of the same digits", [{0: "int", "0": "str", "id": i} if i % 100 == 7 else {"0": i, 1: str(i), "id": i} for i in range(2500)])
# Dicts of two scalars under 16 bytes are not learned: the driver writes them (21 sets of keys in turn).
add("small dicts keyed by a few ints", [{i % 7: "a", 100 + i % 3: i} for i in range(3000)])

# Timedeltas (days, seconds, microseconds as BININT1, BININT2 and BININT; negative days; the
# largest days there are), written as total_seconds(); one object in many dicts (a memo read of a
# value a replay wrote), and a timezone made of that same object (an island that reads it from
# the memo).
SHARED_SPAN = datetime.timedelta(days=-3, seconds=5)
DAYS = [0, 1, -1, 300, -70000, 999999999, -999999999]


def timed(i):
    d = {"id": i, "took": datetime.timedelta(days=DAYS[i % 7], seconds=(i * 37) % 86400, microseconds=(i * 7919) % 1000000), "name": f"job-{i}"}
    if i % 10 == 0:
        d["shared"] = SHARED_SPAN
    if i % 250 == 249:
        offset = datetime.timedelta(hours=i % 20)
        d["offset"] = offset
        d["at"] = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone(offset))
    return d


add("dicts holding timedeltas", [timed(i) for i in range(3000)])
# UUIDs (their int a LONG1 of up to 17 bytes, or BININT1, BININT2, BININT), written as
# str(uuid); one object in many dicts; one with `is_safe` in its state (the general island's).
SHARED_UUID = uuid.UUID(int=2**100 + 12345)
UUID_INTS = [0, 5, 300, 70000, 2**31 - 1, 2**31, 2**63, 2**127, 2**128 - 1]


def identified(i):
    d = {"id": i, "uid": uuid.UUID(int=UUID_INTS[i % 9] if i % 2 else rng.getrandbits(128)), "n": i * 3}
    if i % 10 == 0:
        d["shared"] = SHARED_UUID
    if i % 300 == 299:
        d["uid"] = uuid.UUID(int=i, is_safe=uuid.SafeUUID.safe)
    return d


add("dicts holding UUIDs", [identified(i) for i in range(3000)])

bad = bytearray(pickle.dumps([{"id": i, "at": EPOCH + datetime.timedelta(hours=i)} for i in range(3000)], protocol=4))
# A datetime late in the root whose state says hour 24: the value path's error, not a replay's text.
state = datetime.datetime(2024, 4, 29, 23).__reduce__()[1][0]
at = bad.index(state)
bad[at + 4] = 24
items.append(("a datetime out of range late in a root (protocol 4)", bytes(bad)))

for name, data in items:
    print(f"{name}\t{base64.b64encode(data).decode()}")
