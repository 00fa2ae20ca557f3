"""Pickles for test/core/engine/msgpack-direct.test.ts: one line per case, `name<TAB>base64`.

Each case makes the one-pass msgpack writer (msgpack-direct-driver.ts) move bytes it already
wrote (a head that needs 3 or 5 bytes, a tuple's head put in front of its items), copy memoized
values whose bytes moved, find a dict's keys again in its output, or decline. Run by the test
with PYTHONHASHSEED=0; CPython's pickler writes them, except the hand-made ones (named so).
"""
import struct

from direct_cases import Cases, s

cases = Cases(protocols=(3, 4, 5))
add = cases.add
hand = cases.hand


shared = "shared-text"
inner = {f"k{i}": [i, shared] for i in range(20)}
add("a nested dict of 20 keys (its head grows to 3 bytes) whose values and itself are copied after it", {"a": inner, "b": shared, "c": inner["k3"], "d": inner})
big_list = list(range(70000))
add("a nested list of 70,000 ints (its head grows to 5 bytes) copied after it", {"x": big_list, "y": big_list, "z": [big_list]})
medium = {f"key-{i}": (shared if i % 3 == 0 else [i]) for i in range(300)}
add("a root dict of 300 keys (its head grows to 5 bytes, then shrinks to 3) with copies across batches", medium)
add("a root list of 20 memoized strs copied at its end", [f"text-{i}" for i in range(20)] + ["text-3", "text-17"])
add("a root dict of 70,000 int keys", {i: "v" for i in range(70000)})
words = ("alpha", "beta", ["x", "y"])
add("tuples whose memoized items are copied after the tuple's head was put in front", [words, words[0], words, words[2], tuple(f"s{i}" for i in range(20)), ("s3",)])
same = [1, 2]
add("the same list twice in a row (copied while its parent is open)", [same, same, {"x": same, "y": same}])
kept = {f"i{n}": n for n in range(20)}
add("a dict of 20 keys copied inside a dict opened after it", {"a": kept, "b": {f"k{n}": (kept if n == 0 else n) for n in range(20)}})
add("a dict of 20 keys copied in the second batch of a dict opened after it", {"a": kept, "b": {f"k{n}": (kept if n == 1500 else n) for n in range(2000)}, "c": kept})
add("a nested dict of 1,200 keys (two batches)", {"outer": {f"n{i}": i for i in range(1200)}, "after": 1})
cases.declined_cases()

# A nested dict given its items by SETITEM one at a time: the first keys, checked and not kept,
# are found again in the output (over a list, a nested dict, a float, bytes and a long str).
long_text = "z" * 300
first_batch = s("x") + b"](G?\xf8\x00\x00\x00\x00\x00\x00" + s("q") + b"}" + s("r") + b"Ns" + b"e" + b"s"
hand("a nested dict given a second batch after a first of one key", b"}" + s("a") + b"}" + first_batch + s("y") + b"C\x03abcs" + s("w") + b"X" + struct.pack("<I", 300) + long_text.encode() + b"ss")
hand("a nested dict whose second batch repeats a key of its first", b"}" + s("a") + b"}" + s("x") + b"K\x01s" + s("y") + b"K\x02s" + s("x") + b"K\x03ss")
hand("a nested dict whose one batch repeats a key", b"}" + s("a") + b"}(" + s("x") + b"K\x01" + s("y") + b"K\x02" + s("x") + b"K\x03us")
pairs17 = b"".join(s(f"i{n}") + b"K" + bytes([n]) for n in range(17))
pairs16 = b"".join(s(f"j{n}") + b"K" + bytes([n]) for n in range(16))
hand("a dict that repeats a key after copying a dict of 17 keys opened before it", b"}(" + s("a") + b"}\x94(" + pairs17 + b"u" + s("b") + b"}(" + s("x") + b"h\x00" + pairs16 + s("x") + b"K\x01uu")
hand("an int key and a str key with the same digits", b"}(" + b"J\x07\x00\x00\x00" + s("7") + s("7") + b"K\x01u")
hand("a list appended to after it was copied", b"]\x94h\x00K\x01a\x86")
hand("a list whose copy is appended to", b"]\x94K\x05ah\x00K\x01a\x86")
# An open list memoized after an item of its own, then grown past 15 items (its head moves the
# bytes after it): CPython never writes it; the pass declines it, where it copied stale bytes.
sixteen_twos = b"K\x02a" * 16
hand("a list memoized after its own item, then grown", b"]\x94]" + s("hello") + b"\x94a" + sixteen_twos + b"\x94ah\x01a")
hand("a root list memoized after its own item, then grown", b"]" + s("hello") + b"\x94a\x94" + sixteen_twos + b"h\x00a")
cases.memo_hole_case()

cases.print_all()
