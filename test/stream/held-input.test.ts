// HeldInput: the bytes a tape engine may ask for again, held for a source that cannot be read again.
import { describe, expect, it } from "vitest";
import { HeldInput } from "../../packages/stream/src/held-input.js";

const newBytes = (length: number): Uint8Array => new Uint8Array(length);
const joined = (pieces: Uint8Array[]): number[] => pieces.flatMap((piece) => [...piece]);

describe("HeldInput", () => {
  it("holds a chunk from the engine's rereadFrom on, and lets go of what ends before it", () => {
    const held = new HeldInput(newBytes);
    held.hold(Uint8Array.from([0, 1, 2, 3]), 0, 2, false);
    expect(held.size).toBe(2);
    // The piece [2, 3] ends after 3: it stays whole.
    held.hold(Uint8Array.from([4, 5, 6]), 4, 3, false);
    expect(held.size).toBe(5);
    held.hold(Uint8Array.from([7, 8]), 7, 9, false);
    expect(held.size).toBe(0);
  });

  it("gives the held bytes from a rewind's offset on, splitting a piece, and keeps those before it", () => {
    const held = new HeldInput(newBytes);
    held.hold(Uint8Array.from([0, 1, 2, 3]), 0, 0, false);
    held.hold(Uint8Array.from([4, 5, 6]), 4, 0, false);
    expect(joined(held.takeFrom(2))).toEqual([2, 3, 4, 5, 6]);
    expect(held.size).toBe(2);
    // Pushed again from 2 on, they are held after what stayed: contiguous.
    held.hold(Uint8Array.from([2, 3, 4, 5, 6]), 2, 0, false);
    expect(joined(held.takeFrom(0))).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("gives nothing for an offset past what it holds, and refuses one before it", () => {
    const held = new HeldInput(newBytes);
    held.hold(Uint8Array.from([0, 1, 2, 3]), 10, 12, false);
    expect(held.takeFrom(14)).toEqual([]);
    expect(() => held.takeFrom(10)).toThrow("no longer held");
    // Nothing held at all (the last chunk ended a record): an offset inside what was pushed is refused too.
    const empty = new HeldInput(newBytes);
    empty.hold(Uint8Array.from([0, 1, 2, 3]), 0, 4, false);
    expect(empty.size).toBe(0);
    expect(empty.takeFrom(4)).toEqual([]);
    expect(() => empty.takeFrom(2)).toThrow("no longer held");
  });

  it("copies a transient chunk (its array is written over), and keeps a chunk of its own as it is", () => {
    const held = new HeldInput(newBytes);
    const reused = Uint8Array.from([1, 2, 3]);
    held.hold(reused, 0, 0, true);
    reused.fill(9);
    const own = Uint8Array.from([4, 5]);
    held.hold(own, 3, 0, false);
    const pieces = held.takeFrom(0);
    expect(joined(pieces)).toEqual([1, 2, 3, 4, 5]);
    expect(pieces[1]!.buffer).toBe(own.buffer);
  });

  it("copies into blocks made by its maker, never writing a block's bytes twice", () => {
    const made: number[] = [];
    const held = new HeldInput((length, from, to) => {
      made.push(length);
      expect([from, to]).toEqual([0, length]);
      return new Uint8Array(length);
    });
    const chunk = new Uint8Array(40_000).fill(7);
    held.hold(chunk, 0, 0, true);
    const first = held.takeFrom(0)[0]!;
    // Taken out, the first piece keeps its bytes: what is held next goes to new blocks (the
    // first's room left is too small), each sized after what is held.
    held.hold(new Uint8Array(40_000).fill(8), 0, 0, true);
    held.hold(new Uint8Array(40_000).fill(8), 40_000, 0, true);
    expect(first.every((byte) => byte === 7)).toBe(true);
    expect(made).toEqual([65_536, 65_536, 80_000]);
    expect(held.size).toBe(80_000);
  });
});
