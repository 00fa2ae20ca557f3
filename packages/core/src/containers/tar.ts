/**
 * A tar archive's members, read from bytes already in memory: what the auditor needs of torch's
 * oldest `torch.save` format (a tar of `sys_info`, `pickle`, `tensors` and `storages`), which
 * `torch.load` still tries first on a file it can seek. Headers are checked as Python's tarfile
 * checks them (the checksum, octal or base-256 numbers); every size is checked against the input.
 * Names are not resolved through GNU long-name or PAX headers: the auditor reads every member.
 */

/** A member's data: its header's name field, where its bytes start, how many. */
export interface TarMember {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

const BLOCK = 512;

/** True when `bytes` starts with a tar header whose checksum is right (tarfile opens it). */
export function looksLikeTar(bytes: Uint8Array): boolean {
  return bytes.length >= BLOCK && isHeader(bytes, 0);
}

/**
 * The members up to the end-of-archive block, as tarfile lists them: a header that is not one
 * (a bad checksum or size) after the first ends the list, as it ends tarfile's. A member whose
 * data runs past the input's end is given what there is (tarfile would fail reading it).
 */
export function tarMembers(bytes: Uint8Array): TarMember[] {
  const members: TarMember[] = [];
  let at = 0;
  while (at + BLOCK <= bytes.length && !isZeroBlock(bytes, at) && isHeader(bytes, at)) {
    const size = readNumber(bytes, at + 124, 12);
    if (!(size >= 0)) break;
    const offset = at + BLOCK;
    let name = "";
    for (let i = at; i < at + 100 && bytes[i] !== 0; i++) name += String.fromCharCode(bytes[i]!);
    members.push({ name, offset, size: Math.min(size, bytes.length - offset) });
    if (size > bytes.length - offset) break;
    at = offset + Math.ceil(size / BLOCK) * BLOCK;
  }
  return members;
}

/** The checksum rule of Python's tarfile: the header's bytes summed, the checksum field as spaces, unsigned or signed. */
function isHeader(bytes: Uint8Array, at: number): boolean {
  const claimed = readNumber(bytes, at + 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = at; i < at + BLOCK; i++) {
    const byte = i >= at + 148 && i < at + 156 ? 0x20 : bytes[i]!;
    unsigned += byte;
    signed += byte >= 0x80 ? byte - 256 : byte;
  }
  return claimed === unsigned || claimed === signed;
}

function isZeroBlock(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < at + BLOCK; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * A header number as tarfile's `nti` reads it, or NaN where it refuses: base-256 when the first
 * byte is 0x80 (0xff: negative), else the text up to a NUL, stripped of whitespace, read as
 * Python's `int(text or "0", 8)` reads it (a sign, `0o`, underscores between digits).
 */
function readNumber(bytes: Uint8Array, at: number, length: number): number {
  const first = bytes[at]!;
  if (first === 0x80 || first === 0xff) {
    let value = 0;
    for (let i = at + 1; i < at + length; i++) value = value * 256 + bytes[i]!;
    return first === 0xff ? value - 256 ** (length - 1) : value;
  }
  let text = "";
  for (let i = at; i < at + length && bytes[i] !== 0; i++) {
    if (bytes[i]! >= 0x80) return Number.NaN;
    text += String.fromCharCode(bytes[i]!);
  }
  text = text.replace(/^[\t\n\v\f\r\x1c-\x1f ]+|[\t\n\v\f\r\x1c-\x1f ]+$/g, "");
  if (text === "") return 0;
  if (!/^[+-]?(?:0[oO]_?)?[0-7](?:_?[0-7])*$/.test(text)) return Number.NaN;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.replace(/^[+-]/, "").replace(/^0[oO]/, "").replaceAll("_", "");
  return sign * Number.parseInt(digits, 8);
}
