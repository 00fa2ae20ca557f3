"""Pickles for test/core/engine/sets.test.ts: one line per case, `name<TAB>base64`.

Sets and frozensets inside plain data. Protocols 4 and 5 write them with opcodes of their own
(EMPTY_SET, ADDITEMS, FROZENSET), which the one-pass writers write as arrays when their elements
are strs and ints; protocols 2 and 3 write a call of `builtins.set` / `frozenset` (an island).
A name that starts with "declined:" is left to the value path at every protocol; one that starts
with "declined at 4 and 5:" only where the set opcodes write it.
"""
from direct_cases import Cases

cases = Cases(protocols=(2, 3, 4, 5))
add = cases.add

add("a set of ints in a dict", {"s": {3, 1, 2}, "n": 1})
add("a set of strs, one past ASCII, one needing an escape", {"tags": {"a", "b", "é", 'q"uote'}})
add("a frozenset of strs and ints", {"f": frozenset(["x", 1, "y", -7])})
add("an empty set and an empty frozenset", [set(), frozenset(), {"after": 1}])
add("a set of 2,500 ints (three ADDITEMS batches)", {"s": set(range(2500)), "after": "x"})
add("a set of 40 strs (past the pairwise check)", {"s": {f"t{i}" for i in range(40)}})
add("records with a set of tags each", [{"id": i, "tags": {"x", "y", f"t{i}"}} for i in range(50)])
shared = {1, 2}
add("the same set twice (a memo copy)", {"a": shared, "b": shared, "c": [shared]})
add("a str of a dict read again as a set element (a memo copy)", {"k": "alpha", "s": {"alpha", "beta"}})
add("a set in a tuple, a frozenset in a list", [({1, 2}, "t"), [frozenset(["a"]), frozenset([2])]])
add("a set whose ints are negative and past 16 bits", {"s": {-1, -300, 70000, 2**31 - 1, -2**31}})
# The set opcodes with elements the one pass does not write: the value path's.
add("declined at 4 and 5: a set of floats", {"s": {1.5, 2.5}})
add("declined at 4 and 5: a set of tuples", {"s": {(1, 2), (3, 4)}})
add("declined at 4 and 5: a set of None, True and an int", {"s": {None, True, 5}})
add("declined at 4 and 5: a set with an int past 32 bits", {"s": {2**40, 1}})
add("declined at 4 and 5: a frozenset inside a set", {"s": {frozenset([1]), 2}})
add("declined: a set record", {1, 2, 3})
add("declined: a frozenset as a dict key", {frozenset(["k"]): 1})
cases.print_all()
