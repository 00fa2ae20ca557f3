// Types of harness.mjs (plain JavaScript so that Node 20 runs it without a build step).
export declare const MAX_INPUT_BYTES: number;

export type Mutation =
  | { readonly kind: "set"; readonly at: number; readonly value: number }
  | { readonly kind: "insert"; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: "delete"; readonly at: number; readonly length: number }
  | { readonly kind: "duplicate"; readonly at: number; readonly length: number }
  | { readonly kind: "splice"; readonly at: number; readonly otherAt: number };

export interface CheckResult {
  /** What broke, as a sentence; null when every property held. */
  readonly failure: string | null;
  /** The outcome the input exercised (`3 records safe`, `TRUNCATED at BINUNICODE unknown`). */
  readonly signature: string;
}

export declare const SEED_DIRS: readonly URL[];
export declare const REGRESSIONS_DIR: URL;
export declare function loadSeeds(dirs?: readonly URL[]): Uint8Array[];
export declare function seededRandom(seed: number): () => number;
export declare function applyMutation(input: Uint8Array, mutation: Mutation, other: Uint8Array): Uint8Array;
export declare function randomMutation(random: () => number): Mutation;
export declare function randomChunks(bytes: Uint8Array, random: () => number): Uint8Array[];
export declare function fingerprint(records: readonly unknown[]): string;
export declare function checkInput(bytes: Uint8Array, chunkSeed: number): CheckResult;
