import { PyFloat, type PyValue } from "@pkl-stream/core";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * JSON text as PyValues, keeping what `JSON.parse` loses for Python: `2.0` stays a float
 * (PyFloat), integers keep every digit (bigint past 2**53), objects keep key order (Maps: a JS
 * object would put "7" first), lone surrogate escapes survive. Throws SyntaxError with the offset.
 */
export function parseJsonValue(text: string, start = 0, end = text.length): PyValue {
  const parser = new JsonParser(text, start, end);
  const value = parser.value();
  parser.skipSpace();
  if (parser.at !== end) throw parser.fail("unexpected text after the value");
  return value;
}

class JsonParser {
  constructor(
    private readonly text: string,
    public at: number,
    private readonly end: number,
  ) {}

  fail(what: string): SyntaxError {
    return new SyntaxError(`JSON: ${what} at offset ${this.at}`);
  }

  skipSpace(): void {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.exec(this.text);
    this.at = Math.min(WHITESPACE.lastIndex, this.end);
  }

  value(): PyValue {
    this.skipSpace();
    if (this.at >= this.end) throw this.fail("value expected");
    const char = this.text[this.at]!;
    if (char === "{") return this.object();
    if (char === "[") return this.array();
    if (char === '"') return this.string();
    for (const [word, value] of WORDS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return this.number();
  }

  private number(): PyValue {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (match === null || NUMBER.lastIndex > this.end) throw this.fail("value expected");
    this.at = NUMBER.lastIndex;
    if (match[1] !== undefined || match[2] !== undefined) {
      const float = Number(match[0]);
      return Number.isInteger(float) || Object.is(float, -0) ? new PyFloat(float) : float;
    }
    const int = Number(match[0]);
    return Math.abs(int) <= MAX_SAFE ? int : BigInt(match[0]);
  }

  private string(): string {
    STRING.lastIndex = this.at;
    const match = STRING.exec(this.text);
    if (match === null || STRING.lastIndex > this.end) throw this.fail("bad string");
    this.at = STRING.lastIndex;
    return JSON.parse(match[0]) as string;
  }

  private array(): PyValue[] {
    this.at++;
    const items: PyValue[] = [];
    this.skipSpace();
    if (this.text[this.at] === "]") {
      this.at++;
      return items;
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const char = this.text[this.at++];
      if (char === "]") return items;
      if (char !== ",") throw this.fail("',' or ']' expected");
    }
  }

  private object(): Map<PyValue, PyValue> {
    this.at++;
    const map = new Map<PyValue, PyValue>();
    this.skipSpace();
    if (this.text[this.at] === "}") {
      this.at++;
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
      if (char === "}") return map;
      if (char !== ",") throw this.fail("',' or '}' expected");
    }
  }
}

const WORDS: readonly (readonly [string, PyValue])[] = [
  ["true", true],
  ["false", false],
  ["null", null],
];
