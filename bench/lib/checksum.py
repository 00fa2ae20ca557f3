"""Answer checks computed from the values CPython's pickle.load returns: the oracle.

Each kind gives a flat dict of numbers and strings; bench/lib/checksum.mjs computes the same
dict from JavaScript values and the orchestrator compares them field by field. Sums run in
container order so float sums are bit-identical on both sides; name lengths count code points
(the generator keeps non-ASCII text in the BMP, where UTF-16 length agrees).
"""

from __future__ import annotations


def check_records(records: dict) -> dict:
    c = {"count": 0, "idSum": 0, "scoreSum": 0.0, "nameLength": 0, "activeCount": 0,
         "tagCount": 0, "parentNone": 0, "parentSum": 0, "firstKey": None, "lastKey": None}
    for key, value in records.items():
        if c["firstKey"] is None:
            c["firstKey"] = key
        c["lastKey"] = key
        c["count"] += 1
        c["idSum"] += value["id"]
        c["scoreSum"] += value["score"]
        c["nameLength"] += len(value["name"])
        c["activeCount"] += value["active"] is True
        c["tagCount"] += len(value["tags"])
        if value["parent"] is None:
            c["parentNone"] += 1
        else:
            c["parentSum"] += value["parent"]
    return c


class StreamCheck:
    """Accumulates a check over appended records, one at a time (no list is kept)."""

    def __init__(self) -> None:
        self.c = {"count": 0, "seqSum": 0, "tsSum": 0.0, "eventLength": 0, "userLength": 0,
                  "xSum": 0, "ySum": 0, "okCount": 0, "tagLength": 0}

    def add(self, r: dict) -> None:
        c = self.c
        c["count"] += 1
        c["seqSum"] += r["seq"]
        c["tsSum"] += r["ts"]
        c["eventLength"] += len(r["event"])
        c["userLength"] += len(r["user"])
        c["xSum"] += r["payload"]["x"]
        c["ySum"] += r["payload"]["y"]
        c["okCount"] += r["payload"]["ok"] is True
        c["tagLength"] += len(r["tag"])


def array_signature(array) -> str:
    import numpy as np

    raw = np.frombuffer(np.ascontiguousarray(array).tobytes(), dtype=np.uint8)
    shape = "x".join(str(d) for d in array.shape)
    return f"{shape}:{raw.size}:{int(raw.sum(dtype=np.uint64))}"


def check_numeric(arrays: dict) -> dict:
    return {"count": len(arrays), "arrays": ";".join(f"{k}={array_signature(v)}" for k, v in arrays.items())}


def check_py2_tuples(rows: list) -> dict:
    c = {"count": 0, "intSum": 0, "floatSum": 0.0, "textLength": 0, "highChars": 0}
    for name, number, real, latin, uni in rows:
        c["count"] += 1
        c["intSum"] += number
        c["floatSum"] += real
        c["textLength"] += len(name) + len(latin) + len(uni)
        c["highChars"] += sum(ch > "\x7f" for ch in latin)
    return c


def check_order_list(orders: list) -> dict:
    c = {"count": 0, "idSum": 0, "customerLength": 0, "placedDaySum": 0, "placedMicroCount": 0,
         "totalCents": 0, "tagCount": 0, "itemCount": 0, "qtySum": 0, "priceSum": 0.0}
    for order in orders:
        c["count"] += 1
        c["idSum"] += order["id"]
        c["customerLength"] += len(order["customer"])
        c["placedDaySum"] += order["placed"].day
        c["placedMicroCount"] += order["placed"].microsecond != 0
        c["totalCents"] += int(order["total"].scaleb(2))
        c["tagCount"] += len(order["tags"])
        for item in order["items"]:
            c["itemCount"] += 1
            c["qtySum"] += item["qty"]
            c["priceSum"] += item["price"]
    return c


def check_objects(readings: list) -> dict:
    c = {"count": 0, "sensorLength": 0, "atSum": 0.0, "valueSum": 0.0, "flagCount": 0}
    for reading in readings:
        c["count"] += 1
        c["sensorLength"] += len(reading.sensor)
        c["atSum"] += reading.at
        c["valueSum"] += reading.value
        c["flagCount"] += len(reading.flags)
    return c


def check_mnist(splits) -> dict:
    return {"count": len(splits), "arrays": ";".join(array_signature(a) for pair in splits for a in pair)}


CHECKS = {"records": check_records, "numeric": check_numeric, "py2-tuples": check_py2_tuples,
          "mnist": check_mnist, "order-list": check_order_list, "objects": check_objects}
