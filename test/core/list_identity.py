"""Lists whose first APPENDS the decoder may build as an exact-size copy: what CPython reads.

Prints JSON: a list of {name, hex, expected}. `expected` is the object graph with identity: a
list or tuple is {"id": n, "list" | "tuple": [...]} the first time it is reached and {"ref": n}
after that; ints and strs are themselves.
"""
import json
import pickle

from object_graph import graph


shared = ["a", "b"]
selfish = [1, 2]
selfish.append(selfish)
inner = [3, 4]
cases = {
    "a list reached twice (memo)": pickle.dumps([shared, shared, {"k": shared}], protocol=4),
    "a list that contains itself": pickle.dumps(selfish, protocol=2),
    "a list of lists of lists": pickle.dumps([[["x", "y"], ["z", 1]], [inner, inner]], protocol=5),
    "one list per record value": pickle.dumps({"r1": {"tags": ["t1", "t2"]}, "r2": {"tags": ["t1", "t3", "t2"]}}, protocol=5),
    "a list of more than 1000 items (two APPENDS)": pickle.dumps([list(range(1500))], protocol=3),
    # Hand-written: the list reached by ways other than its memo entry before its APPENDS.
    # EMPTY_LIST MEMOIZE MARK POP_MARK BINPUT 5 MARK 1 2 APPENDS BINGET 5 TUPLE2 STOP
    "a list memoized again after its mark was popped": b"\x80\x04]\x94(1q\x05(K\x01K\x02eh\x05\x86.",
    # EMPTY_LIST MEMOIZE MARK POP_MARK DUP TUPLE1 MEMOIZE POP MARK 7 APPENDS BINGET 1 TUPLE2 STOP
    "a list duplicated into a tuple before its APPENDS": b"\x80\x04]\x94(12\x85\x940(K\x07eh\x01\x86.",
    # EMPTY_LIST MEMOIZE MARK MARK POP_MARK 1 2 APPENDS BINGET 0 TUPLE2 STOP
    "a list under two marks at one height": b"\x80\x04]\x94((1K\x01K\x02eh\x00\x86.",
    # EMPTY_LIST BINPUT 0 BINPUT 1 MARK 5 APPENDS BINGET 1 BINGET 0 TUPLE3 STOP
    "a list put in the memo twice": b"\x80\x02]q\x00q\x01(K\x05eh\x01h\x00\x87.",
    # EMPTY_LIST LONG_BINPUT 9 MARK 5 6 APPENDS LONG_BINGET 9 TUPLE2 STOP
    "a list put with LONG_BINPUT": b"\x80\x02]r\x09\x00\x00\x00(K\x05K\x06ej\x09\x00\x00\x00\x86.",
    # EMPTY_LIST MEMOIZE MARK BINGET 0 8 APPENDS STOP: the list read from the memo inside its own APPENDS
    "a list that appends itself": b"\x80\x04]\x94(h\x00K\x08e.",
    # Every size the exact-size copy builds as an array literal (containers.ts exactList) and past it.
    "lists of 0 to 9 items, each reached twice": pickle.dumps([[list(range(n, 2 * n))] * 2 for n in range(10)], protocol=4),
    # EMPTY_LIST MEMOIZE MARK 1 APPENDS BINGET 0 TUPLE2 STOP: one item by APPENDS (CPython writes APPEND)
    "a list of one item built by APPENDS": b"\x80\x04]\x94(K\x01eh\x00\x86.",
    # protocol 0: LIST-free text form, EMPTY_LIST absent; PUT/GET by text
    "a protocol 0 list": pickle.dumps([shared, shared], protocol=0),
}
print(json.dumps([{"name": name, "hex": data.hex(), "expected": graph(pickle.loads(data), {})} for name, data in cases.items()]))
