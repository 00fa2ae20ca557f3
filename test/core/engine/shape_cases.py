"""Streams for test/core/engine/record-shapes.test.ts: one line per case, `name<TAB>base64`.

Each case is records appended as `pickle.dump` appends them (one `pickle.dumps` each), at
protocols 2 to 5, most of them of one shape whose values change from record to record: the JSON
writer learns the shape from one record and replays the next ones (json-record-shape.ts). Values
that the replay takes, values it leaves to the general path (a big int, a str that needs escapes
or is not well-formed, a str past 255 bytes), and records of another shape among them.
"""
import base64
import collections
import datetime
import decimal
import pickle
import random
import uuid

from app_classes import Money, Node, OwnTz, Point, SlotRow, Trade, tagged

rng = random.Random(20261205)
items = []


def add(name, records, protocols=(2, 3, 4, 5)):
    for protocol in protocols:
        data = b"".join(pickle.dumps(record, protocol=protocol) for record in records)
        items.append((f"{name} (protocol {protocol})", data))


def hand(name, data):
    items.append((f"{name} (hand-made)", data))


def event(i):
    return {
        "seq": i,
        "ts": 1700000000 + rng.random(),
        "event": rng.choice(["login", "logout", "error", "signup"]),
        "user": f"user:{rng.randrange(10**8):08d}",
        "payload": {"x": rng.randrange(5000), "y": rng.randrange(5000), "ok": rng.random() < 0.7},
        "tag": rng.choice(["tag-a", "tag-vip", "tag-asia"]),
    }


add("events of one shape", [event(i) for i in range(300)])
# seq goes from BININT1 to BININT2 to BININT, and negative.
add("ints of every size the replay takes", [{"n": n, "m": -n} for n in (0, 1, 255, 256, 65535, 65536, 2**31 - 1, 7, -1, 300)])
add("ints past 32 bits among small ones (LONG1)", [{"n": n} for n in (1, 2**31, 3, 2**40, -(2**31) - 1, 4, 10**30, 5, 2**47, -(2**47), 2**63 - 1, -(2**63), 10**150, 1700000000123)])
add(
    "floats of every kind",
    [{"f": f} for f in (0.0, -0.0, 1e300, float("inf"), float("-inf"), float("nan"), 1 / 3, 2.0, 5e-324, 1700000000.3786724, 0.1, 1e16, 1e-05, 123.456)],
)
add("None, True and False in one place", [{"v": v, "w": [v, v]} for v in (None, True, False, True, None, False, False)])
add("a value's type changing from record to record", [{"v": v} for v in (1, 2, "a", 3.5, None, [1], {"x": 1}, "b", 4, (1, 2), b"bytes", 5)])
add(
    "strs that need escapes, non-ASCII strs and long strs",
    [
        {"s": s}
        for s in ("plain", 'q"uote', "back\\slash", "new\nline", "\x00\x01\x1f", "tab\t", "é", "日本語", "emoji 😀", "x" * 300, "y" * 70000, "ok", "\x7f", "a\u2028b", "plain")
    ],
)
add("a str with a lone surrogate among well-formed ones", [{"s": s} for s in ("ok", "a\ud800b", "fine", "\udfff", "end")])
add("keys that change", [{"a": 1, "b": 2}, {"a": 3, "b": 4}, {"b": 5, "a": 6}, {"a": 7, "c": 8}, {"a": 9, "b": 10}, {"a": 11}, {"a": 12, "b": 13, "c": 14}])
add("keys that need escapes", [{'k"ey': i, "new\nline": -i, "é": i * 2} for i in range(6)])
add("lists of one length and of changing lengths", [{"l": [i, i + 1]} for i in range(5)] + [{"l": list(range(i))} for i in range(8)])
tags = ["red", "green", "blue", "vip", "new", "eu", "us"]
add("lists of scalars of any length (tags, scores, flags)", [{"id": i, "tags": rng.sample(tags, rng.randrange(6)), "scores": [rng.random() for _ in range(rng.randrange(4))], "flags": [None, True, 2**40, -1][: rng.randrange(5)], "n": i} for i in range(60)])
add("a list of scalars followed by a memo read (its length fixed)", [{"tags": ["a"] * (i % 3), "x": "same" * 2, "y": "same" * 2} for i in range(12)])
add("lists of scalars inside lists and objects", [{"rows": [[i, i + 1][: i % 3], []], "pt": Point(i, [1.5] * (i % 2), "p")} for i in range(20)])
add("a list of 1000 scalars and of 1001 (two batches)", [{"l": list(range(n))} for n in (3, 1000, 1001, 2, 1000)])
add("sets of strs of any size", [{"id": i, "tags": set(rng.sample(tags, rng.randrange(5))), "n": i} for i in range(40)])
add("sets of ints (only the empty ones replayed)", [{"s": set(range(i % 4))} for i in range(8)])
add("tuples of 1 to 4 items", [{"t": tuple(range(i % 5)), "u": (i,)} for i in range(12)])
add("lists of dicts whose keys are memo copies", [{"rows": [{"id": i, "name": f"n{i}"}, {"id": i + 1, "name": f"m{i}"}]} for i in range(8)])
# Lists of dicts of any length (an order's lines): one shape from protocol 4 on (puts carry no
# index), the first line's keys spelled, the later lines' memo reads of them; 0 lines, 1 (APPEND),
# and 20 (a msgpack array16 head).
LINE_COUNTS = [3, 0, 1, 2, 7, 20, 5, 1, 0, 12, 4, 2, 9, 3, 6, 0, 11, 8, 1, 2]
EUR = "EUR"


def line(i, j):
    return {"sku": f"sku-{i}-{j}", "qty": j + 1, "price": round(9.99 * (j + 1), 2), "note": None if j % 3 else f"n{j}", "cur": EUR}


def order(i, count):
    return {"id": i, "customer": f"c{i % 7}", "lines": [line(i, j) for j in range(count)], "total": i * 1.25}


add("orders with 0 to 20 lines (lists of dicts of any length)", [order(i, n) for i, n in enumerate(LINE_COUNTS * 2)])
# A key after the list that the lines have too: a memo read of the first line's entry, or (no
# lines) the str spelled: each count a shape of its own.
add("a key after a list of dicts that its dicts have too", [{"lines": [{"qty": j} for j in range(n)], "qty": n} for n in (3, 0, 1, 2, 5, 3, 0, 2)])
# Later lines sharing a str the first does not (a memo read past the first line): a fixed count.
shared_note = "shared-" + "note"
add("later dicts of a list sharing a value the first does not have", [{"lines": [{"v": "first"}] + [{"v": shared_note} for _ in range(n)]} for n in (2, 3, 1, 2, 4)])
# Lines holding lists of dicts (the inner ones of a fixed length), and records that are lists of dicts.
add("lists of dicts holding lists of dicts", [{"lines": [{"tax": [{"k": "vat", "r": 0.2}] * (1 + i % 2), "q": j} for j in range(n)]} for i, n in enumerate((2, 3, 0, 4, 1, 2))])
add("records that are lists of dicts", [[{"a": i, "b": str(i)} for i in range(n)] for n in (2, 5, 0, 1, 3, 17)])
add("a str that repeats inside a record (a memo copy of a value)", [{"a": s, "b": s} for s in ("same", "same", "other", "x", "x")])
add("nested dicts three deep", [{"a": {"b": {"c": i, "d": [i, {"e": None}]}}} for i in range(6)])
add("records of 20 keys and lists of 20 items", [{f"k{j}": i * j for j in range(20)} for i in range(4)] + [list(range(i, i + 20)) for i in range(4)])
add("records with a naive datetime", [dict(event(i), at=datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=i * 7919, microseconds=i * 31)) for i in range(40)])
add(
    "records with two datetimes and a date (the class met again)",
    [{"a": datetime.datetime(2020, 2, 29, 23, 59, 59, 999999 - i), "b": datetime.datetime(1, 1, 1) if i % 2 else datetime.datetime.max, "d": datetime.date(2000 + i, 1 + i % 12, 1)} for i in range(12)],
)
add(
    "datetimes with fold and without microseconds, and a tz-aware one among them",
    [{"t": t} for t in (datetime.datetime(2021, 11, 7, 1, 30, fold=1), datetime.datetime(2021, 11, 7, 1, 30), datetime.datetime(1999, 12, 31), datetime.datetime(2024, 5, 5, tzinfo=datetime.timezone.utc), datetime.datetime(2024, 5, 6, 7, 8, 9))],
)
add("scalar, list and str records", [1, 2, 3, "a", "b", [1, 2], [3, 4], 4.5, None, True, {"k": 1}, {"k": 2}])
add("empty containers", [{}, {}, [], [], (), {"a": {}}, {"a": {}}, {"a": []}, {"a": ()}])
add("bytes values", [{"b": bytes([i, i + 1])} for i in range(5)])
add(
    "bytes of every size, in lists and beside a datetime's state",
    [{"b": rng.randbytes(n), "l": [b"", rng.randbytes(10)], "at": datetime.datetime(2024, 1, 1, 0, 0, n % 60)} for n in (0, 1, 10, 255, 256, 300, 70000, 3, 10, 4)],
)

# Objects of classes we do not rebuild: as records (a stream of `pickle.dump(obj)`: the island
# writes each, its class named by STACK_GLOBAL from protocol 4 on, by GLOBAL before), and inside
# records. A replay writes the value path's placeholder.
add("objects as records", [Point(i, i / 4, f"p{i}") for i in range(40)])
add("namedtuples as records", [Trade(i, "AAPL", i * 1.5, i % 7) for i in range(40)])
add("objects made by REDUCE with values, as records", [Money(i * 100, "EUR") for i in range(40)])
add("slots dataclasses as records", [SlotRow(i, i / 3, f"r{i}") for i in range(40)])
add("a str subclass given a state, as records", [tagged(f"t{i}", i) for i in range(40)])
add("dicts holding objects and namedtuples", [{"id": i, "pt": Point(i, 0.5, "x"), "trade": Trade(i, "X", 2.5, 1)} for i in range(40)])
# Classes we rebuild are not objects to a shape: a timedelta (REDUCE with values), an OrderedDict
# record (REDUCE of the class, then SETITEMS), a Decimal record; nor is an object with items or
# one whose state holds itself.
add("timedeltas, OrderedDicts and Decimals (classes we rebuild)", [{"d": datetime.timedelta(seconds=i)} for i in range(6)] + [collections.OrderedDict(a=i) for i in range(6)] + [decimal.Decimal(i) for i in range(6)])
add("objects whose state holds themselves, as records", [Node(f"n{i}") for i in range(6)])
# A datetime's fixed-offset timezone is built inside each record (timezone(timedelta(...))); a
# replay compares it as learned and writes the offset after the isoformat. A Decimal is its str.
UTC = datetime.timezone.utc
add(
    "orders: a UTC datetime and a Decimal in each record",
    [dict(event(i), at=datetime.datetime(2024, 1, 1, tzinfo=UTC) + datetime.timedelta(seconds=i * 7919, microseconds=i * 31), amount=decimal.Decimal(f"{i * 37}.{i % 100:02d}")) for i in range(40)],
)
offsets = [
    datetime.timezone(datetime.timedelta(hours=5, minutes=30)),
    datetime.timezone(datetime.timedelta(hours=-8)),
    datetime.timezone(datetime.timedelta(seconds=15, microseconds=7)),
    datetime.timezone(datetime.timedelta(hours=1), "CET"),
]
add("datetimes in four fixed-offset timezones, in turn", [{"t": datetime.datetime(2024, 3, 1 + i % 28, i % 24, tzinfo=offsets[i % 4])} for i in range(40)])
add("two datetimes sharing one timezone (its memo read)", [{"a": datetime.datetime(2024, 1, 1, i % 24, tzinfo=UTC), "b": datetime.datetime(1999, 12, 31, 23, 59, 59, i, tzinfo=UTC)} for i in range(20)])
add(
    "Decimals of every form",
    [{"d": decimal.Decimal(text)} for text in ("2.50", "-0", "1E+2", "NaN", "sNaN", "-Infinity", "0.000001", "1e-7", "123456789012345678901234567890.5", "7", "-0.00", "1.23E-10", "9" * 300)],
)
add("Decimals as records", [decimal.Decimal(f"{i}.5") for i in range(20)])
add(
    "timedeltas of every size",
    [
        {"took": datetime.timedelta(days=d, seconds=sec, microseconds=us)}
        for d, sec, us in ((0, 3, 500000), (0, 0, 0), (1, 0, 0), (-1, 86399, 999999), (0, 86399, 1), (99999, 1, 1), (100000, 0, 7), (-999999999, 0, 0), (999999999, 86399, 999999), (0, 300, 0), (5, 65536, 123))
    ],
)
add("a timedelta beside a datetime in a timezone", [{"took": datetime.timedelta(seconds=i * 7.25), "at": datetime.datetime(2024, 1, 1, i % 24, tzinfo=UTC)} for i in range(20)])
add("UUIDs of every size", [{"id": uuid.UUID(int=n)} for n in (0, 1, 255, 2**31, 2**127 + 5, 2**128 - 1, 2**64, 12345678901234567890, 7)] + [{"id": uuid.UUID(int=rng.getrandbits(128))} for _ in range(20)])
add("datetimes in a timezone of a user's own (not replayed)", [{"t": datetime.datetime(2024, 6, 1, i % 24, tzinfo=OwnTz())} for i in range(6)])
# A repeated key in one dict (hand-made; CPython never writes one): the general path's to judge.
repeat = b"\x80\x04\x95\x16\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\x01a\x94K\x01\x8c\x01a\x94K\x02u."
plain = pickle.dumps({"a": 1, "b": 2}, protocol=4)
hand("a record that repeats a key after records of that shape", plain * 3 + repeat + plain * 2)
# A frame that ends past its record's STOP, then records of the same shape.
body = pickle.dumps({"a": 1, "b": 2}, protocol=4)[11:]  # after PROTO and FRAME
two = body + b"\x80\x04" + body
hand(
    "a frame that holds two records, then framed ones",
    plain * 3 + b"\x80\x04\x95" + len(two).to_bytes(8, "little") + two + plain * 2,
)
# A record with no FRAME among framed ones of the same opcodes.
hand("a record without its frame among framed ones", plain * 3 + b"\x80\x04" + body + plain * 2)
# A frame shorter than its record: the general path's error.
short = bytearray(plain)
short[3] -= 2
hand("a frame that ends before its record's STOP", plain * 3 + bytes(short) + plain)
# A datetime whose state fails the reconstructor's checks (month 13) after records of that shape.
good = pickle.dumps({"at": datetime.datetime(2024, 1, 2, 3, 4, 5)}, protocol=4)
bad = good.replace(b"\x07\xe8\x01\x02", b"\x07\xe8\x0d\x02")
assert bad != good
hand("a datetime with month 13 after records of that shape", good * 3 + bad + good)
# Decimal strs CPython never writes (str(Decimal) is canonical) but Decimal(text) takes: written
# as str(Decimal(text)); one it refuses is the general path's error.
money = pickle.dumps({"amount": decimal.Decimal("2.50")}, protocol=2)
assert b"X\x04\x00\x00\x002.50" in money


def decimal_text(text):
    raw = text.encode()
    return money.replace(b"X\x04\x00\x00\x002.50", b"X" + len(raw).to_bytes(4, "little") + raw)


hand(
    "Decimal strs that are not canonical, after records of that shape",
    money * 3 + b"".join(decimal_text(text) for text in (" 1.0 ", "1_000.5", "+3", "0.1000", "-inf", "1e2", "00012", "2.50")) + money,
)
hand("a Decimal str it refuses after records of that shape", money * 3 + decimal_text("12a") + money)
# A set whose strs repeat (hand-made: CPython's set never holds two equal ones; the value path keeps one).
tagged_set = pickle.dumps({"tags": {"a", "b"}}, protocol=4)
twice = tagged_set.replace(b"\x8c\x01b", b"\x8c\x01a") if b"\x8c\x01b" in tagged_set else tagged_set.replace(b"\x8c\x01a", b"\x8c\x01b")
assert twice != tagged_set
hand("a set whose strs repeat after records of that shape", tagged_set * 3 + twice + tagged_set)
# A UUID's int past 128 bits (hand-made: CPython's UUID never holds one) after records of that shape.
ident = pickle.dumps({"id": uuid.UUID(int=2**127 + 5)}, protocol=3)
long_int = (2**127 + 5).to_bytes(17, "little")
assert b"\x8a\x11" + long_int in ident
hand("a UUID int past 128 bits after records of that shape", ident * 3 + ident.replace(b"\x8a\x11" + long_int, b"\x8a\x11" + (2**128 + 5).to_bytes(17, "little")) + ident)
# A timedelta's days past its range (hand-made) after records of that shape.
span = pickle.dumps({"took": datetime.timedelta(days=5, seconds=7, microseconds=9)}, protocol=3)
assert b"K\x05K\x07K\t" in span
hand("a timedelta past its range after records of that shape", span * 3 + span.replace(b"K\x05K\x07K\t", b"J\xff\xff\xff\x7fK\x07K\t") + span)
# A memo read of an index the record never put, after records whose lists of dicts made memos of
# other lengths: the error says whether the record before had that index (its memo length).
lines_bad = b"\x80\x04h\x0c."
for n in (0, 1, 2, 5):
    hand(f"a memo read of a missing index after a record with {n} dicts in its list", pickle.dumps(order(0, 3), protocol=4) + pickle.dumps(order(1, n), protocol=4) + lines_bad)
# A record cut short at the end of the input.
hand("a stream that ends inside a record of the shape", plain * 4 + plain[:-3])

for name, data in items:
    print(f"{name}\t{base64.b64encode(data).decode()}")
