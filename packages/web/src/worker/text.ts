/**
 * Untrusted text made short before it crosses to the page: a class name, an audit reason, a dict
 * key or an error message comes from the pickle and can be 20 MB long, which would block the page
 * for minutes in layout. The note of the full length says that something was cut.
 */

/** Characters kept of one untrusted text (a class name, a label, a reason). */
export const TEXT_CHARS = 300;

/** `text` cut at `limit` characters with "… (N characters)" after it when it is longer. */
export function shorten(text: string, limit: number = TEXT_CHARS): string {
  if (text.length <= limit) return text;
  // Not between the two halves of a surrogate pair.
  const end = isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}

/** An exception's message, shortened: error text often quotes the pickle. */
export function errorText(error: unknown): string {
  return shorten(error instanceof Error ? error.message : String(error), 2 * TEXT_CHARS);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
