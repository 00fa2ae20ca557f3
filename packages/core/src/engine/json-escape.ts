const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = "0123456789abcdef";

/** 1 for each byte JSON text escapes (as JSON.stringify does): control characters, `"` and `\`. */
export const JSON_ESCAPED: Uint8Array = (() => {
  const escaped = new Uint8Array(256);
  for (let code = 0; code < 0x20; code++) escaped[code] = 1;
  escaped[QUOTE] = 1;
  escaped[BACKSLASH] = 1;
  return escaped;
})();

/** Writes the escape of `code` (a byte JSON_ESCAPED marks) at out[pos] as JSON.stringify does; returns the position after it (at most 6 bytes). */
export function writeJsonEscape(out: Uint8Array, pos: number, code: number): number {
  let p = pos;
  out[p++] = BACKSLASH;
  switch (code) {
    case QUOTE:
      out[p++] = QUOTE;
      break;
    case BACKSLASH:
      out[p++] = BACKSLASH;
      break;
    case 0x08:
      out[p++] = 0x62;
      break;
    case 0x09:
      out[p++] = 0x74;
      break;
    case 0x0a:
      out[p++] = 0x6e;
      break;
    case 0x0c:
      out[p++] = 0x66;
      break;
    case 0x0d:
      out[p++] = 0x72;
      break;
    default:
      out[p++] = 0x75;
      out[p++] = 0x30;
      out[p++] = 0x30;
      out[p++] = HEX.charCodeAt(code >> 4);
      out[p++] = HEX.charCodeAt(code & 15);
  }
  return p;
}
