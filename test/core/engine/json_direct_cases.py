"""Pickles for test/core/engine/json-direct.test.ts: one line per case, `name<TAB>base64`.

Each case makes the one-pass JSON writer (json-direct-driver.ts) put separators, brackets or
key quotes where its first guess did not (an empty container followed by its sibling, TUPLE1-3
whose items were written as a key and a value, a tuple's brackets put around its items, a second
batch after a closing bracket), copy memoized values whose bytes moved, find a dict's keys again
in its output, or decline. CPython's pickler writes them, except the hand-made ones (named so).
"""
import functools

from direct_cases import Cases, s

cases = Cases(protocols=(2, 3, 4, 5))
add = cases.add
hand = cases.hand


add("scalars and escapes in a dict", {"a": 1, "b": None, "c": True, "d": False, "f": 1.5, "g": 'q"\\\n\x01\x1f\té', "h": b"\x00\x01bytes", "i": -7}, (3, 4, 5))
add("empty containers followed by their siblings", [[], {}, (), [[]], {"a": {}}, [{}], {"a": [], "b": [], "c": {}}, {"x": {}, "y": 1}])
add("one-item containers (SETITEM, APPEND)", [{"k": 1}, [2], {"x": [3]}, ([4],), {"y": {"z": 5}}, [[[]]]])
add("tuples of 1, 2, 3 and 4 items in a list", [(1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), ((),), (((1,),),), ([], {}), ({"a": 1}, [2, 3])])
add("tuples of 1, 2, 3 and 4 items as dict values", {"a": (1, 2), "b": (3,), "c": (4, 5, 6), "d": (7, 8, 9, 10), 5: ("x", 2), "e": ((1, 2), (3,))})
add("a tuple at the root", (1, [2], {"a": 3}))
NAMES = ["name %d" % i for i in range(50)]
ROWS = [(i, NAMES[i % 50], i / 7, i % 2 == 0, None) for i in range(1200)]
add("a list of 1,200 rows (5-tuples) whose strs, one row and one float are read again", ROWS + [ROWS[7], NAMES[3], ROWS[9][2]])
add("tuples of floats and strs as dict values (their items written as keys and values)", {f"k{i}": (i * 0.5, "x", "y%d" % i, 1.5) if i % 3 == 1 else (i * 0.25, "w", "v%d" % i) if i % 3 == 2 else (i / 3, "z") for i in range(600)})
add("rows of 3-tuples holding lists, dicts and tuples, one list shared", (lambda shared: [(shared if i % 5 == 0 else [i, i + 1], {"a": i}, (i, "t")) for i in range(700)] + [shared])([1, 2, 3]))
add("int keys of every size", {1: "a", 2: "b", -3: [1], 10**20: "big", 2**40: 1, 0: 0})
add("memo copies of keys, strs, lists and dicts", (lambda t, l, d: {"a": t, "b": t, "c": l, "d": l, "e": d, "f": d, t: 1, "g": [t, l, d]})("text", [1, 2], {"x": 1}))
add("a memoized tuple whose int is a key", (lambda t: [t, t, {t[0]: 1}, t[0]])((123456789, "k")))
add("the same list twice in a row and in a dict", (lambda same: [same, same, {"x": same, "y": same}])([1, 2]))
add("a root list of 3,000 ints (three batches)", list(range(3000)))
add("a nested dict of 2,500 keys (three batches) and a value after it", {"outer": {f"n{i}": i for i in range(2500)}, "after": [1]})
add("a root dict of 3,000 keys with nested values", {f"k{i}": [i, {"v": i}] for i in range(3000)})
add("a root dict of 5,000 keys whose values copy a list of its first batch", (lambda shared: {f"key-{i}": shared if i % 2 else [i, "v"] for i in range(5000)})([1, "shared", {"x": None}]))
add("a dict of 1,001 tuples (the last one by SETITEM)", {f"k{i}": (i, i) for i in range(1001)})
add("a list of 1,001 one-item lists (the last one by APPEND)", [[i] for i in range(1001)])
add("ints past 32 bits", [2**31, -(2**31) - 1, 2**63, -(2**70), 0, 10**30, 255, 65535])
add("floats", [0.0, -0.0, 1e300, float("inf"), float("-inf"), float("nan"), 1 / 3, 2.0, 1e-320, 123456789.125])
# After a float of 16-17 digits the next is tried the long way first: every kind after one.
add("floats after long floats", [1700000000.3786724, 0.1, 1700000000.3786724, 2.0, 1 / 3, 1e16, 1 / 3, 1e-05, 2 / 3, 123.456, 0.30000000000000004, -1700000000.3786724, float("nan"), 1 / 7, 1e300, 1 / 9, 5e-324, 9007199254740993.0, 1234567890123456.7, 1e15 + 0.3])
add("nesting at the depth limit (200 lists)", functools.reduce(lambda acc, _: [acc], range(200), 0))
add("nesting at the depth limit (199 dicts)", functools.reduce(lambda acc, _: {"a": acc}, range(199), 0))
add("an int key and a str key with the same digits", {7: 1, "7": 2})
add("a scalar record", 5)
add("a str record", "hello")
cases.declined_cases()
add("deep nesting past the tape's depth (201 lists)", functools.reduce(lambda acc, _: [acc], range(201), 0))

hand("a nested dict given a key by SETITEM after its batch", b"}" + s("a") + b"}(" + s("x") + b"K\x01u" + s("y") + b"K\x02ss")
hand("a nested list given an item by APPEND after its batch, then a sibling", b"}(" + s("a") + b"](K\x01K\x02eK\x03a" + s("b") + b"]u")
hand("a nested dict whose SETITEM repeats a key of its batch", b"}" + s("a") + b"}(" + s("x") + b"K\x01u" + s("x") + b"K\x02ss")
hand("a nested dict whose one batch repeats a key", b"}" + s("a") + b"}(" + s("x") + b"K\x01" + s("y") + b"K\x02" + s("x") + b"K\x03us")
hand("a root dict given a key by SETITEM after a small batch", b"}(" + s("a") + b"K\x01K\x07K\x02u" + s("b") + b"K\x03s(" + s("c") + b"](K\x01K\x02eu")
hand("a root dict whose SETITEM repeats a key of its small first batch", b"}(" + s("a") + b"K\x01" + s("b") + b"K\x02u" + s("a") + b"K\x03s")
hand("a root dict whose later batch has a str key with the digits of an int key of its first", b"}(K\x07K\x01u(" + s("7") + b"K\x02u")
hand("a list appended to after it was copied", b"]\x94h\x00K\x01a\x86")
hand("TUPLE2 of a value and a key in a dict batch", b"}(" + s("a") + b"K\x01K\x02\x86" + s("b") + b"K\x03u")
hand("TUPLE2 of ints written as a value and a key (the key's quotes taken off)", b"}(" + s("a") + b"K\x02K\x03\x86u")
hand("a dict with a tuple key (TUPLE2 of ints written as a key and a value)", b"}(" + s("a") + b"K\x01K\x02K\x03\x86K\x04u")
hand("TUPLE3 of a key, a value and a key in a dict batch", b"}(" + s("a") + b"K\x01K\x02K\x03\x87u")
hand("TUPLE1 as a dict's SETITEM value", b"}" + s("a") + b"K\x05\x85s")
hand("tuples from MARKs on a MARK in a list batch", b"]((K\x01K\x02K\x03K\x04t(K\x05K\x06K\x07K\x08te")
hand("a tuple from a MARK on a list after its batch", b"](K\x01K\x02e(K\x03K\x04K\x05K\x06ta")
hand("a dict given an int key by SETITEM", b"}K\x05K\x06s")
hand("a dict given int keys in two batches", b"}(K\x05K\x06K\x07K\x08u(K\x09K\x0au")
hand("a dict given a repeated int key in a second batch", b"}(K\x05K\x06K\x07K\x08u(K\x05K\x0au")
hand("a memoized int copied as a key and as a value", b"}(K\x07\x94K\x01" + s("b") + b"h\x00u")
hand("a memoized int key copied as a value", b"](}K\x07\x94K\x01sh\x00e")
hand("an empty dict memoized then copied after its sibling", b"](}\x94K\x01h\x00e")
hand("a dict memoized open and copied inside its parent's batch", b"}(" + s("a") + b"}\x94(" + s("x") + b"K\x01u" + s("b") + b"h\x00u")
hand("an empty dict copied while still open (its bracket put in before its sibling)", b"}(" + s("a") + b"}\x94" + s("b") + b"h\x00u")
hand("a list copied before its SETITEM parent takes it", b"}" + s("a") + b"]\x94K\x01ah\x00\x86s")
hand("a dict with a float key", b"}(G?\xf8\x00\x00\x00\x00\x00\x00K\x01u")
hand("a dict with a None key", b"}NK\x01s")
cases.memo_hole_case()

cases.print_all()
