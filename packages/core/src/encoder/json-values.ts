import { PyFloat, type PyValue } from "../values/py-types.js";

/** Deepest JSON nesting read: the Pickler's default maxDepth, so nothing deeper could be written anyway. */
const MAX_JSON_NESTING = 1000;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A JSON text that is no value: `offset` is where the parser stopped, in UTF-16 units of the text. */
export class JsonSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * JSON text as PyValues, keeping what `JSON.parse` loses for Python: `2.0` stays a float
 * (PyFloat), integers keep every digit (bigint past 2**53), objects keep key order (Maps: a JS
 * object would put "7" first), lone surrogate escapes survive. Throws JsonSyntaxError with the
 * offset from `start`.
 */
export function parseJsonValue(text: string, start = 0, end = text.length): PyValue {
  const parser = new JsonParser(text, start, end);
  const value = parser.value();
  parser.skipSpace();
  if (parser.at !== end) throw parser.fail("unexpected text after the value");
  return value;
}

class JsonParser {
  /** Where the text parsed starts: offsets in errors count from it (an NDJSON line's start). */
  private readonly origin: number;

  constructor(
    private readonly text: string,
    public at: number,
    private readonly end: number,
  ) {
    this.origin = at;
  }

  fail(what: string): JsonSyntaxError {
    const offset = this.at - this.origin;
    return new JsonSyntaxError(`JSON: ${what} at offset ${offset}`, offset);
  }

  skipSpace(): void {
    const text = this.text;
    let at = this.at;
    while (at < this.end) {
      const code = text.charCodeAt(at);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
      at++;
    }
    this.at = at;
  }

  value(): PyValue {
    this.skipSpace();
    if (this.at >= this.end) throw this.fail("value expected");
    const code = this.text.charCodeAt(this.at);
    if (code === 0x7b) return this.object();
    if (code === 0x5b) return this.array();
    if (code === QUOTE) return this.string();
    if (code === 0x74 /* t */ && this.text.startsWith("true", this.at)) return this.word(4, true);
    if (code === 0x66 /* f */ && this.text.startsWith("false", this.at)) return this.word(5, false);
    if (code === 0x6e /* n */ && this.text.startsWith("null", this.at)) return this.word(4, null);
    return this.number();
  }

  private word(length: number, value: PyValue): PyValue {
    this.at += length;
    return value;
  }

  private number(): PyValue {
    // A plain int of up to 15 digits (most numbers in records) is read here; anything else
    // (a fraction, an exponent, a leading zero, more digits, no digit) by the pattern.
    const text = this.text;
    let at = this.at;
    const isNegative = text.charCodeAt(at) === 0x2d;
    if (isNegative) at++;
    const first = at;
    let value = 0;
    while (at < this.end && at - first < 16) {
      const digit = text.charCodeAt(at) - 0x30;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
      at++;
    }
    const digits = at - first;
    const next = at < this.end ? text.charCodeAt(at) : 0;
    if (digits > 0 && digits < 16 && (digits === 1 || text.charCodeAt(first) !== 0x30) && next !== 0x2e && next !== 0x65 && next !== 0x45) {
      this.at = at;
      // `-0` is the int 0 to Python (a JS -0 would be pickled as the float -0.0).
      return isNegative && value !== 0 ? -value : value;
    }
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (match === null || NUMBER.lastIndex > this.end) throw this.fail("value expected");
    this.at = NUMBER.lastIndex;
    if (match[1] !== undefined || match[2] !== undefined) {
      const float = Number(match[0]);
      return Number.isInteger(float) || Object.is(float, -0) ? new PyFloat(float) : float;
    }
    // `-0` is the int 0 to Python (a JS -0 would be pickled as the float -0.0).
    const int = Number(match[0]) + 0;
    return Math.abs(int) <= MAX_SAFE ? int : BigInt(match[0]);
  }

  private string(): string {
    // Most strings have no escape: their text is the slice between the quotes. A backslash or a
    // control character (an error) sends the string to the full pattern and JSON.parse.
    const text = this.text;
    const from = this.at + 1;
    for (let at = from; at < this.end; at++) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        this.at = at + 1;
        return text.slice(from, at);
      }
      if (code === BACKSLASH || code < 0x20) break;
    }
    STRING.lastIndex = this.at;
    const match = STRING.exec(this.text);
    if (match === null || STRING.lastIndex > this.end) throw this.fail("bad string");
    this.at = STRING.lastIndex;
    return JSON.parse(match[0]) as string;
  }

  /** Arrays and objects open around the value being read. */
  private depth = 0;

  /** One more level of nesting, refused past MAX_JSON_NESTING: the parser recurses per level. */
  private enter(): void {
    if (++this.depth > MAX_JSON_NESTING) throw this.fail(`nesting deeper than ${MAX_JSON_NESTING} levels (no pickle of it could be loaded: the Pickler's maxDepth)`);
  }

  private array(): PyValue[] {
    this.enter();
    this.at++;
    const items: PyValue[] = [];
    this.skipSpace();
    if (this.text[this.at] === "]") {
      this.at++;
      this.depth--;
      return items;
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const char = this.text[this.at++];
      if (char === "]") {
        this.depth--;
        return items;
      }
      if (char !== ",") throw this.fail("',' or ']' expected");
    }
  }

  private object(): Map<PyValue, PyValue> {
    this.enter();
    this.at++;
    const map = new Map<PyValue, PyValue>();
    this.skipSpace();
    if (this.text[this.at] === "}") {
      this.at++;
      this.depth--;
      return map;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] !== '"') throw this.fail("key expected");
      const key = this.string();
      this.skipSpace();
      if (this.text[this.at++] !== ":") throw this.fail("':' expected");
      map.set(key, this.value());
      this.skipSpace();
      const char = this.text[this.at++];
      if (char === "}") {
        this.depth--;
        return map;
      }
      if (char !== ",") throw this.fail("',' or '}' expected");
    }
  }
}
