// Answer checks over decoded JavaScript values, field for field the same as lib/checksum.py
// (the CPython oracle). Dicts may come as our null-prototype objects, plain objects or Maps;
// ndarrays are read through `shape` + a typed-array `data` view (or `toList`-free fallbacks).

/** Entries of a decoded dict in insertion order, whatever its representation. */
export function dictEntries(dict) {
  if (dict instanceof Map) return dict.entries();
  if (dict === null || typeof dict !== "object") throw new TypeError(`expected a dict, got ${typeName(dict)}`);
  return Object.entries(dict)[Symbol.iterator]();
}

function field(record, name) {
  const value = record instanceof Map ? record.get(name) : record?.[name];
  // PyFloat-style wrappers (integral floats) compare by their number.
  return value !== null && typeof value === "object" && typeof value.valueOf === "function" && !Array.isArray(value)
    ? value.valueOf()
    : value;
}

function typeName(value) {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/** Accumulates the records-shape check one [key, value] entry at a time (entries mode needs this). */
export class RecordsCheck {
  c = {
    count: 0,
    idSum: 0,
    scoreSum: 0,
    nameLength: 0,
    activeCount: 0,
    tagCount: 0,
    parentNone: 0,
    parentSum: 0,
    firstKey: null,
    lastKey: null,
  };
  error = null;
  /** The check, or {shapeError} when a value did not have the records shape. */
  get result() {
    return this.error === null ? this.c : { shapeError: this.error };
  }
  add(key, value) {
    if (this.error !== null) return;
    try {
      this.#add(key, value);
    } catch (error) {
      this.error = `entry ${JSON.stringify(key)}: ${error.message}`;
    }
  }
  #add(key, value) {
    const c = this.c;
    if (c.firstKey === null) c.firstKey = key;
    c.lastKey = key;
    c.count += 1;
    c.idSum += Number(field(value, "id"));
    c.scoreSum += Number(field(value, "score"));
    c.nameLength += field(value, "name").length;
    if (field(value, "active") === true) c.activeCount += 1;
    c.tagCount += field(value, "tags").length;
    const parent = field(value, "parent");
    if (parent === null) c.parentNone += 1;
    else c.parentSum += Number(parent);
  }
}

export function checkRecords(records) {
  const acc = new RecordsCheck();
  for (const [key, value] of dictEntries(records)) acc.add(key, value);
  return acc.result;
}

/** Accumulates the appended-records check one record at a time. */
export class StreamCheck {
  c = { count: 0, seqSum: 0, tsSum: 0, eventLength: 0, userLength: 0, xSum: 0, ySum: 0, okCount: 0, tagLength: 0 };
  error = null;
  get result() {
    return this.error === null ? this.c : { shapeError: this.error };
  }
  add(r) {
    if (this.error !== null) return;
    try {
      this.#add(r);
    } catch (error) {
      this.error = `record ${this.c.count}: ${error.message}`;
    }
  }
  #add(r) {
    const c = this.c;
    const payload = field(r, "payload");
    c.count += 1;
    c.seqSum += Number(field(r, "seq"));
    c.tsSum += Number(field(r, "ts"));
    c.eventLength += field(r, "event").length;
    c.userLength += field(r, "user").length;
    c.xSum += Number(field(payload, "x"));
    c.ySum += Number(field(payload, "y"));
    if (field(payload, "ok") === true) c.okCount += 1;
    c.tagLength += field(r, "tag").length;
  }
}

/** `shape:byteLength:byteSum` of an ndarray, as lib/checksum.py's array_signature. */
export function arraySignature(array) {
  const data = array?.data;
  if (!Array.isArray(array?.shape) || !ArrayBuffer.isView(data)) {
    const what = array?.pyClass ?? typeName(array);
    throw new TypeError(`expected an ndarray with shape and a typed-array data view, got ${what}`);
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum += bytes[i];
  return `${array.shape.join("x")}:${bytes.length}:${sum}`;
}

export function checkNumeric(arrays) {
  const parts = [];
  for (const [key, value] of dictEntries(arrays)) parts.push(`${key}=${arraySignature(value)}`);
  return { count: parts.length, arrays: parts.join(";") };
}

export function checkPy2Tuples(rows) {
  const c = { count: 0, intSum: 0, floatSum: 0, textLength: 0, highChars: 0 };
  for (const row of rows) {
    const [name, number, real, latin, uni] = row;
    c.count += 1;
    c.intSum += Number(number);
    c.floatSum += Number(real);
    c.textLength += name.length + latin.length + uni.length;
    for (let i = 0; i < latin.length; i++) if (latin.charCodeAt(i) > 0x7f) c.highChars += 1;
  }
  return c;
}

/**
 * The order list as JSON gives it: a datetime as its isoformat (`2024-01-01T00:00:37.123456`),
 * a Decimal as its str (`12.34`, two places).
 */
export function checkOrderList(orders) {
  const c = { count: 0, idSum: 0, customerLength: 0, placedDaySum: 0, placedMicroCount: 0, totalCents: 0, tagCount: 0, itemCount: 0, qtySum: 0, priceSum: 0 };
  for (const order of orders) {
    const placed = field(order, "placed");
    const total = field(order, "total");
    if (typeof placed !== "string" || typeof total !== "string") throw new TypeError(`placed and total must be JSON strs, got ${typeName(placed)}, ${typeName(total)}`);
    c.count += 1;
    c.idSum += Number(field(order, "id"));
    c.customerLength += field(order, "customer").length;
    c.placedDaySum += Number(placed.slice(8, 10));
    if (placed.length > 19) c.placedMicroCount += 1;
    const [whole, cents] = total.split(".");
    c.totalCents += Number(whole) * 100 + Number(cents);
    c.tagCount += field(order, "tags").length;
    for (const item of field(order, "items")) {
      c.itemCount += 1;
      c.qtySum += Number(field(item, "qty"));
      c.priceSum += Number(field(item, "price"));
    }
  }
  return c;
}

/** The objects as the JSON mapping writes placeholders: `{"__class__": ..., "__state__": {...}}`. */
export function checkObjects(readings) {
  const c = { count: 0, sensorLength: 0, atSum: 0, valueSum: 0, flagCount: 0 };
  for (const reading of readings) {
    const state = field(reading, "__state__");
    if (field(reading, "__class__") !== "bench_classes.Reading") throw new TypeError(`expected a bench_classes.Reading, got ${typeName(reading)}`);
    c.count += 1;
    c.sensorLength += field(state, "sensor").length;
    c.atSum += Number(field(state, "at"));
    c.valueSum += Number(field(state, "value"));
    c.flagCount += field(state, "flags").length;
  }
  return c;
}

export function checkMnist(splits) {
  const signatures = [];
  for (const pair of splits) for (const array of pair) signatures.push(arraySignature(array));
  return { count: splits.length, arrays: signatures.join(";") };
}

export const CHECKS = {
  records: checkRecords,
  numeric: checkNumeric,
  "py2-tuples": checkPy2Tuples,
  mnist: checkMnist,
  "order-list": checkOrderList,
  objects: checkObjects,
};

/**
 * The check of a decoded value; a value of the wrong shape (no ndarray where one belongs, a
 * missing field) gives {shapeError} instead of throwing: a wrong answer, not a crash.
 */
export function answerCheck(kind, value) {
  try {
    return CHECKS[kind](value);
  } catch (error) {
    return { shapeError: error.message };
  }
}

/** Field-by-field differences between a check and the oracle's; empty when they agree. */
export function diffChecks(actual, expected) {
  if (actual?.shapeError !== undefined) return [`not the data CPython sees: ${actual.shapeError}`];
  const diffs = [];
  for (const key of Object.keys(expected)) {
    if (actual?.[key] !== expected[key]) {
      const show = (v) => (typeof v === "string" && v.length > 60 ? `${v.slice(0, 60)}...` : JSON.stringify(v));
      diffs.push(`${key}: ${show(actual?.[key])} != ${show(expected[key])}`);
    }
  }
  return diffs;
}
