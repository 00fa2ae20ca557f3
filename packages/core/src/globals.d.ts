// The few host APIs core uses. They exist in browsers, Deno, Bun and Node alike; declaring
// them here keeps `@types/node` (and the DOM lib) out of core, so a Node-only API cannot creep in.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
