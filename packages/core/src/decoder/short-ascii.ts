/** Short ASCII (or UTF-16 unit) runs to strings: the decoder's most frequent allocation. */

/**
 * The longest string decoded in JS (shortAscii's explicit arguments, decoder/text.ts' short
 * paths, the recent strings' slots); longer ones go to TextDecoder (crossing into it costs more
 * than it saves below ~32 bytes).
 */
export const SHORT_STRING_MAX_BYTES = 24;

/**
 * ASCII bytes to a string with one String.fromCharCode call of explicit arguments: for short
 * strings this allocates only the result (a `+=` loop allocates a string per character and was
 * measured ~5x slower; TextDecoder's call overhead ~2x). Lengths 1..24; the caller checks ASCII.
 */
export function shortAscii(b: Uint8Array | Uint16Array, s: number, length: number): string {
  const chars = String.fromCharCode as (...codes: (number | undefined)[]) => string;
  switch (length) {
    case 0:
      return "";
    case 1:
      return chars(b[s]);
    case 2:
      return chars(b[s],b[s + 1]);
    case 3:
      return chars(b[s],b[s + 1],b[s + 2]);
    case 4:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3]);
    case 5:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4]);
    case 6:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5]);
    case 7:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6]);
    case 8:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7]);
    case 9:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8]);
    case 10:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9]);
    case 11:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10]);
    case 12:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11]);
    case 13:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12]);
    case 14:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13]);
    case 15:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13],b[s + 14]);
    case 16:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13],b[s + 14],b[s + 15]);
    case 17:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13],b[s + 14],b[s + 15],b[s + 16]);
    case 18:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13],b[s + 14],b[s + 15],b[s + 16],b[s + 17]);
    case 19:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13],b[s + 14],b[s + 15],b[s + 16],b[s + 17],b[s + 18]);
    case 20:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13],b[s + 14],b[s + 15],b[s + 16],b[s + 17],b[s + 18],b[s + 19]);
    case 21:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13],b[s + 14],b[s + 15],b[s + 16],b[s + 17],b[s + 18],b[s + 19],b[s + 20]);
    case 22:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13],b[s + 14],b[s + 15],b[s + 16],b[s + 17],b[s + 18],b[s + 19],b[s + 20],b[s + 21]);
    case 23:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13],b[s + 14],b[s + 15],b[s + 16],b[s + 17],b[s + 18],b[s + 19],b[s + 20],b[s + 21],b[s + 22]);
    case 24:
      return chars(b[s],b[s + 1],b[s + 2],b[s + 3],b[s + 4],b[s + 5],b[s + 6],b[s + 7],b[s + 8],b[s + 9],b[s + 10],b[s + 11],b[s + 12],b[s + 13],b[s + 14],b[s + 15],b[s + 16],b[s + 17],b[s + 18],b[s + 19],b[s + 20],b[s + 21],b[s + 22],b[s + 23]);
    default:
      return String.fromCharCode.apply(null, b.subarray(s, s + length) as unknown as number[]);
  }
}
