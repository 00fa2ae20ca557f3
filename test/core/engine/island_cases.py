"""Pickles for test/core/engine/islands.test.ts: one line per case, `name<TAB>base64`.

Each case holds classes inside plain data: the one-pass JSON writer reads each class's value as
an island (engine/island.ts) and writes it where it goes, or declines the record (named so).
"""
import collections
import datetime
import decimal
import io
import pickle
import pickletools
import sys
import types

import numpy as np

from direct_cases import Cases

cases = Cases(protocols=(2, 3, 4, 5))
add = cases.add


class Point:
    """A class the decoder does not know: a placeholder with its state."""

    def __init__(self, x, y):
        self.x = x
        self.y = y


def fake_function(module, name):
    """A function CPython pickles as `module.name` without that module (pandas is not installed everywhere)."""
    parts = module.split(".")
    for i in range(1, len(parts) + 1):
        sys.modules.setdefault(".".join(parts[:i]), types.ModuleType(".".join(parts[:i])))

    def function(*args):
        raise NotImplementedError(name)

    function.__module__, function.__qualname__, function.__name__ = module, name, name
    setattr(sys.modules[module], name, function)
    return function


unpickle_timestamp = fake_function("pandas._libs.tslibs.timestamps", "_unpickle_timestamp")
timedelta_unpickle = fake_function("pandas._libs.tslibs.timedeltas", "_timedelta_unpickle")


class PdTimestamp:
    """Pickles as pandas' Timestamp: _unpickle_timestamp(value, freq, tz, reso) (pandas 1.x: three arguments)."""

    def __init__(self, value, reso=10, tz=None, args=4):
        self.value, self.reso, self.tz, self.args = value, reso, tz, args

    def __reduce__(self):
        return (unpickle_timestamp, (self.value, None, self.tz, self.reso)[: self.args])


class PdTimedelta:
    """Pickles as pandas' Timedelta: _timedelta_unpickle(value, reso)."""

    def __init__(self, value, reso=10):
        self.value, self.reso = value, reso

    def __reduce__(self):
        return (timedelta_unpickle, (self.value, self.reso))


UTC = datetime.timezone.utc
EST = datetime.timezone(datetime.timedelta(hours=-5, minutes=-30), "EST")
moment = datetime.datetime(2020, 5, 17, 8, 9, 10, 11)

add("a datetime in a dict", {"at": datetime.datetime(2024, 1, 2, 3, 4, 5, 678901), "n": 1})
add("a date, a time and a timedelta in a list", [datetime.date(2024, 2, 29), datetime.time(12, 30, 1, 5), datetime.timedelta(days=1, seconds=2, microseconds=3)])
add("datetimes with a timezone (UTC, a fixed offset)", [datetime.datetime(2024, 1, 1, tzinfo=UTC), datetime.datetime(2024, 1, 1, 12, tzinfo=EST)])
add("two datetimes with the same timezone object", [datetime.datetime(2020, 1, 1, tzinfo=EST), datetime.datetime(2021, 1, 1, tzinfo=EST)])
add("the same datetime three times", {"a": moment, "b": moment, "c": [moment]})
add("datetimes and a date (the class read from the memo)", [datetime.datetime(2020, 1, 1), datetime.datetime(2021, 1, 1), datetime.date(2022, 1, 1)])
add("Decimals", {"d": [decimal.Decimal("1.5"), decimal.Decimal("-0"), decimal.Decimal("NaN"), decimal.Decimal("1E+30")]})
add("a set and a frozenset", {"s": {1, 2, 3}, "f": frozenset(["a"])})
add("bytes and a bytearray", {"b": b"\x00\xffab", "ba": bytearray(b"xy"), "n": None})
add("an object the decoder does not know, with its state", {"p": Point(1, [2, 3]), "q": Point("a", {"k": None})})
add("a class as the last value of a dict", {"n": 1, "cls": int})
add("a str equal to a module name, then that module's class", {"m": "datetime", "at": datetime.datetime(2020, 1, 1)})
add("a datetime, then a str equal to its module name", [datetime.datetime(2020, 1, 1), "datetime", "date"])
add("a complex number and a range", [complex(1, -2), range(1, 10, 3)])
add("numpy arrays and scalars", {"a": np.arange(6, dtype=np.int64).reshape(2, 3), "f": np.float64(1.5), "i": np.int32(7), "b": np.array([True, False])})
# Protocols 4 and 5 write its payload between two frames: the island reads on past its frame.
add("a numpy array of 100,000 floats (800 KB)", {"big": np.linspace(0, 1, 100_000), "after": datetime.date(2020, 1, 1)})
add("a root list of 3,000 datetimes (root batches)", [moment + datetime.timedelta(seconds=i) for i in range(3000)])
add("a root dict of 3,000 keys with datetimes and dates", {f"k{i}": [moment + datetime.timedelta(days=i), datetime.date(2000, 1, 1)] for i in range(3000)})
# Memo reads of datetimes made in islands far past the first 1,024 memo entries (the island
# memo's blocks, engine/direct-driver.ts).
add("3,000 datetimes, each read again from the memo", [[d, d] for d in [moment + datetime.timedelta(seconds=i) for i in range(3000)]])
add("2,000 datetimes with timezones (the timezone read from the memo)", [datetime.datetime(2024, 1, 1, tzinfo=(UTC, EST)[i % 2]) + datetime.timedelta(seconds=i * 61) for i in range(2000)])


def small_frames(obj, protocol):
    """CPython's pure-Python pickler with 400-byte frames: frames end inside the opcodes of one value."""
    target = pickle._Framer._FRAME_SIZE_TARGET
    pickle._Framer._FRAME_SIZE_TARGET = 400
    try:
        out = io.BytesIO()
        pickle._Pickler(out, protocol).dump(obj)
        return out.getvalue()
    finally:
        pickle._Framer._FRAME_SIZE_TARGET = target


# Datetimes and dates whose opcodes frames cut: those are read by the Machine, with the class a
# datetime before them memoized (as a global of the Machine's own), the others from their state
# bytes (engine/island.ts readStateText); and a datetime read again from the memo.
timestamps = [moment + datetime.timedelta(seconds=i * 7919) if i % 3 else datetime.date(2000, 1, 1) + datetime.timedelta(days=i) for i in range(300)]
timestamps += [datetime.datetime(2024, 1, 1, tzinfo=UTC if i % 2 else EST) + datetime.timedelta(minutes=i) for i in range(100)]
for protocol in (4, 5):
    cases.items.append((f"datetimes and dates in 400-byte frames (protocol {protocol})", small_frames({"t": timestamps, "again": timestamps[:5]}, protocol)))
add("a class followed by more of its dict", {"cls": int, "n": 1})
add("an OrderedDict (its items are set after the call)", {"od": collections.OrderedDict([("a", 1), ("b", 2)])})
add("records with a datetime in a tuple", [(i, moment) for i in range(5)])
# Classes as dict keys: JSON writes each one's JSON text as a str (msgpack declines them).
add("keys: dates and a datetime as keys of a dict", {datetime.date(2020, 1, 1): 1, datetime.date(2020, 1, 2): [2], moment: None, "s": "x"})
add("keys: a Decimal key and int keys", {decimal.Decimal("1.5"): 1, 4: 2, 5: 3})
# A numpy scalar key is keyed by its item() ("cat", not "\"cat\""): the value path's.
add("declined: numpy scalar keys (each keyed by its item(), as the value path writes them)", {np.int64(5): 2, np.str_("cat"): 1, np.float64("nan"): 3})
day = datetime.date(2021, 6, 1)
add("keys: the same date as a key of two dicts (a memo read of a key)", [{day: 1}, {day: 2}])
add("keys: a datetime key, then the same datetime as its value", {moment: moment})
add("a pandas Timestamp with a timezone (read by the Machine)", {"at": PdTimestamp(1704164645123456789, tz=UTC), "n": 1})
add("a timezone read again outside the datetime that made it", [datetime.datetime(2020, 1, 1, tzinfo=EST), EST])
# Records of a stream, each making its timezone and Decimals anew (engine/island.ts readTimezone
# and its known timezone; a Decimal from its str): islands.test.ts writes them in many orders.
ODD = datetime.timezone(datetime.timedelta(hours=-3, seconds=-15, microseconds=-7))
ONE_HOUR = datetime.timedelta(hours=1)
add("stream: a UTC datetime", {"seq": 1, "at": datetime.datetime(2024, 1, 1, 9, 30, 1, 5, tzinfo=UTC)})
add("stream: another UTC datetime after a longer record head", {"seq": 2, "user": "u1", "tags": ["a", "b"], "at": datetime.datetime(2023, 7, 1, tzinfo=UTC)})
add("stream: a named timezone and a Decimal", {"at": datetime.datetime(2024, 1, 1, 12, tzinfo=EST), "amount": decimal.Decimal("507.97")})
add("stream: an offset of seconds and microseconds", {"at": datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=ODD)})
add("stream: two timezones of one timedelta", [datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone(ONE_HOUR)), datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone(ONE_HOUR, "X"))])
add("stream: Decimals as pickles hold them", {"p": [decimal.Decimal(t) for t in ("0.000001", "1E-7", "-120.000", "12345678901234567890.5", "0E-7", "-Infinity", "sNaN", "7.50")]})
add("stream: numpy scalars of three dtypes", {"step": 3, "loss": np.float64(0.25), "acc": np.float32(0.5), "n": np.int64(-7), "again": np.float64(2.0)})
add("stream: timedeltas (every int size, negative, the extremes)", {"took": datetime.timedelta(seconds=1.5), "neg": datetime.timedelta(microseconds=-5), "max": datetime.timedelta.max, "min": datetime.timedelta.min, "zero": datetime.timedelta(0), "far": [datetime.timedelta(days=-40000, hours=5), datetime.timedelta(days=300, seconds=70000)]})
add("stream: times (naive, with fold, in UTC and a named timezone)", {"t": datetime.time(9, 30, 1, 5), "fold": datetime.time(1, 30, fold=1), "utc": datetime.time(23, 59, 59, 999999, tzinfo=UTC), "est": datetime.time(12, tzinfo=EST), "zero": datetime.time()})
add("stream: pandas Timestamps and Timedeltas (every resolution, before 1970, pandas 1's three arguments)", {"at": PdTimestamp(1704164645123456789), "ms": PdTimestamp(1704164645123, reso=8), "old": PdTimestamp(-1, reso=10), "p1": PdTimestamp(5, args=3), "took": PdTimedelta(60_000_000_000), "neg": PdTimedelta(-3, reso=9), "zero": PdTimestamp(0), "long": [PdTimestamp(-10**18), PdTimedelta(2**54), PdTimedelta(-(2**54)), PdTimedelta(-(2**40)), PdTimedelta(2**40)]})
# One scalar object reached again is a memo read of it: the island's value, written again.
shared_half = np.float64(0.5)
shared_int = np.int64(-(2**40))
add("numpy number scalars read again from the memo, every number dtype, NaN, -0.0 and limits", {"a": shared_half, "b": [shared_half, shared_int, shared_int], "c": shared_half, "all": [np.float16(1.5), np.float32(3.0), np.float32(0.1), np.float64(np.nan), np.float64(-0.0), np.float64(np.inf), np.float64(1e300), np.int8(-128), np.uint8(255), np.int16(-32768), np.uint16(65535), np.int32(-(2**31)), np.uint32(2**32 - 1), np.int64(2**63 - 1), np.uint64(2**64 - 1), np.bool_(True), np.bool_(False)]})
add("declined: numpy number scalars as dict keys (the value path writes their key text)", {np.int64(7): np.float64(2.0), np.float64(0.25): shared_int, "n": {np.uint8(3): np.bool_(True)}})
# An array of numbers reached again is a memo read of its span (its value is not kept).
shared_array = np.arange(6.0).reshape(2, 3)
shared_ints = np.array([1, -2, 3], dtype=np.int16)
add("numpy arrays read again from the memo, as values, in lists and in dicts", {"a": shared_array, "b": shared_array, "l": [shared_array, {"x": shared_array}], "i": shared_ints, "again": [shared_ints, shared_ints]})
add("stream: a numpy scalar, its dtype, a bool and a structured scalar", [np.float64(1.5), np.dtype("f8"), np.bool_(True), np.zeros(1, dtype=[("a", "<i4"), ("b", "<f8")])[0]])
add("keys: records keyed by datetimes in a list", [{"id": i, "by_time": {moment + datetime.timedelta(hours=h): h for h in range(3)}} for i in range(20)])
add("keys: a root dict of 3,000 datetime keys (root batches)", {moment + datetime.timedelta(seconds=i): i for i in range(3000)})
add("keys: a key with a quote in its text", {Point('a"b', 1): 1})
# Declined: the value path writes these records.
add("declined: a numpy array past 1 MiB (the value path writes it into its output directly)", {"big": np.linspace(0, 1, 140_000)})
# JSON writes the datetime key as its JSON text ("\"2020-...\""), msgpack as its isoformat: a str
# key equal to what one format writes is the value path's there (msgpack's fails: the keys collide).
add("keys: a str key with the same JSON text as a datetime key (declined in JSON)", {datetime.datetime(2020, 1, 1): 1, '"2020-01-01T00:00:00"': 2})
add("keys: a str key equal to a datetime key's isoformat (declined in msgpack)", {datetime.datetime(2020, 1, 1): 1, "2020-01-01T00:00:00": 2})
add("declined: a datetime record", moment)


def scalar_ops(value):
    """np.float64(value)'s opcodes at protocol 4, without PROTO, FRAME and STOP."""
    data = pickle.dumps(np.float64(value), protocol=4)
    ops = list(pickletools.genops(data))
    start = ops[2][2] if ops[1][0].name == "FRAME" else ops[1][2]
    return data[start:-1]


# Hand-made (CPython never writes a BUILD on a dtype it made before): [np.float64(1.5),
# scalar(<that dtype, its state set again to big-endian>, 8 bytes)]. The dtype is memo entry 9.
big_state = b"(K\x03\x8c\x01>NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb"
rebuilt = b"\x80\x04]\x94(" + scalar_ops(1.5) + b"h\x03h\x09" + big_state + b"C\x08" + bytes(range(1, 9)) + b"\x86Re."
# numpy's scalars keep their values: the first stays 1.5, the second reads its bytes big-endian.
assert pickle.loads(rebuilt) == [1.5, np.frombuffer(bytes(range(1, 9)), dtype=">f8")[0]]
cases.items.append(("declined: a scalar, then one whose dtype read from the memo is given a state again (the engine shares the dtypes it knows)", rebuilt))
cases.items.append(("handmade: a scalar alone in a list", b"\x80\x04]\x94(" + scalar_ops(1.5) + b"e."))
# timedelta(days, seconds, microseconds) as CPython never writes it: days as LONG1 (read as any
# int), then days out of range (the value path's error, which the engine gives too).
timedelta_global = b"cdatetime\ntimedelta\n"
cases.items.append(("handmade: a timedelta of LONG1 ints", b"\x80\x02](" + timedelta_global + b"\x8a\x01\x05K\x00K\x00\x87Re."))
cases.items.append(("declined: a time whose hour is 24 (the value path gives its error)", b"\x80\x03]q\x00(cdatetime\ntime\nq\x01C\x06\x18\x00\x00\x00\x00\x00q\x02\x85q\x03Rq\x04e."))
cases.items.append(("declined: a timedelta out of range (the value path gives its error)", b"\x80\x02](" + timedelta_global + b"J\x00\xca\x9a;K\x00K\x00\x87Re."))
# Rows of a table: the class read from the memo in every row after the first, written from the
# state bytes (DirectDriver.naiveStateText); a second put right after a value, a state out of
# range and a datetime cut by a chunk's end are readStateText's and the value path's.
rows = [(i, datetime.datetime(2024, 1, 1) + datetime.timedelta(minutes=i, microseconds=i % 3), datetime.date(2000 + i % 30, 1 + i % 12, 1 + i % 28)) for i in range(400)]
for protocol in (3, 4, 5):
    cases.items.append((f"rows holding naive datetimes and dates (protocol {protocol})", pickle.dumps(rows, protocol=protocol)))
bad_rows = bytearray(pickle.dumps(rows, protocol=4))
bad_state = rows[300][1].__reduce__()[1][0]
bad_rows[bad_rows.index(bad_state) + 4] = 24  # hour 24
cases.items.append(("declined: a row's datetime whose hour is 24 (the value path gives its error)", bytes(bad_rows)))
twice = bytearray(pickle.dumps(rows[:3], protocol=4))
# The third row's datetime memoized twice (MEMOIZE, MEMOIZE): readStateText's to refuse, then the island's.
last = twice.rindex(b"R\x94")
cases.items.append(("handmade: a row's datetime put twice", bytes(twice[: last + 2] + b"\x94" + twice[last + 2 :])))
cases.print_all()
