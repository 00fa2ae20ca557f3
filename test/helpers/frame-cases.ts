// Pickles that break the frame rule of PEP 3154, one per argument kind and position, shared by
// the decoder's, the audit's and the tape engine's tests.
import { opcodeByCode } from "@pkl-stream/core/opcodes";

export const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
export const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

export function u64(value: bigint): string {
  let text = "";
  for (let i = 0n; i < 8n; i++) text += String.fromCharCode(Number((value >> (8n * i)) & 0xffn));
  return text;
}

/** PROTO 4, then a FRAME claiming `claim` bytes, then `body` (opcodes as latin-1 text). */
export function framed(body: string, claim: number | bigint): Uint8Array {
  return bytesOf(`\x80\x04\x95${u64(BigInt(claim))}${body}`);
}

/** Offset of the body's first byte in `framed(...)`. */
export const BODY = 11;

export interface FrameCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Offset and opcode of the refused opcode. */
  readonly offset: number;
  readonly opcode: string;
  /** The frame ends right after the opcode byte: its whole argument lies after the frame. */
  readonly isArgumentOutside: boolean;
}

/** A body that decodes without its FRAME, with the frame's end `claim` bytes into it, cutting the opcode at `at`. */
function cut(name: string, body: string, claim: number, at: number): FrameCase {
  const opcode = opcodeByCode(body.charCodeAt(at))!.name;
  return { name, bytes: framed(body, claim), offset: BODY + at, opcode, isArgumentOutside: claim === at + 1 };
}

const len8 = u64(3n);
export const CASES: readonly FrameCase[] = [
  // Fixed-size arguments, including an opcode byte that is the frame's last byte.
  cut("a BININT1 whose opcode byte is the frame's last byte", "K\x05.", 1, 0),
  cut("a BININT2 argument straddling the frame's end", "M\x01\x02.", 2, 0),
  cut("a BININT argument straddling the frame's end", "J\x01\x02\x03\x04.", 3, 0),
  cut("a BINFLOAT argument straddling the frame's end", "G?\xf8\0\0\0\0\0\0.", 5, 0),
  cut("a PROTO argument outside the frame", "N\x80\x04.", 2, 1),
  cut("a BINPUT argument outside the frame", "Nq\x00.", 2, 1),
  cut("a LONG_BINGET argument straddling the frame's end", "Nq\x00j\x00\x00\x00\x00\x86.", 5, 3),
  // Length prefixes.
  cut("a SHORT_BINUNICODE length outside the frame", "\x8c\x03abc.", 1, 0),
  cut("a BINUNICODE length straddling the frame's end", "X\x03\0\0\0abc.", 3, 0),
  cut("a BINBYTES8 length straddling the frame's end", `\x8e${len8}abc.`, 5, 0),
  cut("a LONG4 length straddling the frame's end", "\x8b\x01\0\0\0\x05.", 2, 0),
  // Payloads.
  cut("a SHORT_BINUNICODE payload straddling the frame's end", "\x8c\x03abc.", 3, 0),
  cut("a BINUNICODE payload straddling the frame's end", "X\x03\0\0\0abc.", 6, 0),
  cut("a BINUNICODE8 payload straddling the frame's end", `\x8d${len8}abc.`, 10, 0),
  cut("a SHORT_BINBYTES payload straddling the frame's end", "C\x03abc.", 3, 0),
  cut("a BINBYTES payload straddling the frame's end", "B\x03\0\0\0abc.", 7, 0),
  cut("a BINBYTES8 payload straddling the frame's end", `\x8e${len8}abc.`, 11, 0),
  cut("a BYTEARRAY8 payload straddling the frame's end", `\x96${len8}abc.`, 11, 0),
  cut("a SHORT_BINSTRING payload straddling the frame's end", "U\x03abc.", 4, 0),
  cut("a BINSTRING payload straddling the frame's end", "T\x03\0\0\0abc.", 6, 0),
  cut("a LONG1 payload straddling the frame's end", "\x8a\x02\x01\x02.", 3, 0),
  // Text lines.
  cut("an INT line straddling the frame's end", "I12\n.", 2, 0),
  cut("a LONG line whose newline is outside the frame", "L12\n.", 3, 0),
  cut("a FLOAT line straddling the frame's end", "F1.5\n.", 2, 0),
  cut("a UNICODE line straddling the frame's end", "Vabc\n.", 4, 0),
  cut("a STRING line straddling the frame's end", "S'ab'\n.", 3, 0),
  cut("a GLOBAL module line straddling the frame's end", "cbuiltins\nlen\n.", 4, 0),
  cut("a GLOBAL name line straddling the frame's end", "cbuiltins\nlen\n.", 12, 0),
  cut("a PUT line outside the frame", "Np0\n.", 2, 1),
  cut("a GET line straddling the frame's end", "Np0\ng0\n\x86.", 6, 4),
  // A FRAME inside a FRAME: whole, and with its header straddling the outer frame's end.
  cut("a FRAME inside a FRAME", `\x95${u64(2n)}N.`, 11, 0),
  cut("a FRAME header straddling the outer frame's end", `\x95${u64(2n)}N.`, 4, 0),
  // A STOP that leaves frame bytes behind.
  cut("a STOP with a byte of its frame after it", "N.N.", 3, 1),
  cut("a STOP inside a frame that claims 3 bytes more than the input holds", "N.", 5, 1),
  cut("a STOP inside a frame that claims 2^62 bytes", "N.", 2 ** 62, 1),
];

/**
 * The frame trick: a FRAME holds a BININT's opcode and one byte of its argument. A linear reader
 * takes the next 3 bytes for the rest of the BININT and then reads a BINBYTES whose 74-byte
 * payload hides `builtins.print("...")` (a stand-in for os.system). CPython's C unpickler reading
 * a file or io.BytesIO drops the BININT's byte inside the frame, reads its 4 bytes after it, and
 * so lands on the hidden GLOBAL + REDUCE.
 */
export function frameTrick(): Uint8Array {
  const hidden = "cbuiltins\nprint\n(Vpwned by the frame trick\ntR0";
  const payloadLength = 0x4a; // "J": CPython's next opcode is the BINBYTES length's low byte
  let payload = `\0${hidden}`;
  while (payload.length + 2 <= payloadLength) payload += "N0";
  if (payload.length < payloadLength) payload += "N";
  return framed(`J\0\0\0\0BJ\0\0\0${payload}.`, 2);
}

