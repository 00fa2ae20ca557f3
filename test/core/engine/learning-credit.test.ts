// LearningCredit: when a shape cache learns from a record that missed. Misses of a stream whose
// shapes read most records (each an outlier of its own) must not each cost a learning: a shape on
// trial that no record read makes the next misses learn nothing, twice as many each time.
import { describe, expect, it } from "vitest";
import { LEARN, LearningCredit, RESTING } from "../../../packages/core/src/engine/learning-credit.js";

/** `records` records read by shapes (`isOnTrial`: by the one on trial). */
function hits(credit: LearningCredit, records: number, isOnTrial = false): void {
  for (let i = 0; i < records; i++) credit.hit(isOnTrial);
}

/** The verdicts of misses at records `from`, `from + 1`, ... (each learned from records a shape, kept). */
function verdicts(credit: LearningCredit, from: number, count: number): number[] {
  const said: number[] = [];
  for (let i = 0; i < count; i++) {
    credit.miss();
    const verdict = credit.mayLearn(from + i);
    said.push(verdict);
    if (verdict === LEARN) {
      credit.spend();
      credit.kept(from + i);
    }
  }
  return said;
}

describe("LearningCredit", () => {
  it("learns from a miss while the credit lasts", () => {
    const credit = new LearningCredit();
    credit.miss();
    expect(credit.mayLearn(0)).toBe(LEARN);
  });

  it("learns nothing from the next 2, 4, 8 ... misses after shapes that no record read on trial", () => {
    const credit = new LearningCredit();
    let record = 0;
    const skipped: number[] = [];
    for (let round = 0; round < 5; round++) {
      // A miss learns a shape; 20 records follow, read by the other shapes.
      expect(verdicts(credit, record, 1)).toEqual([LEARN]);
      hits(credit, 20);
      record += 21;
      // Misses now learn nothing until the skips are spent, then one learns again.
      let count = 0;
      while (credit.mayLearn(record) === RESTING) {
        count++;
        record++;
      }
      skipped.push(count);
    }
    expect(skipped).toEqual([2, 4, 8, 16, 32]);
  });

  it("learns from misses again at once after a shape on trial read a record", () => {
    const credit = new LearningCredit();
    verdicts(credit, 0, 1);
    hits(credit, 20);
    expect(credit.mayLearn(21)).toBe(RESTING);
    expect(credit.mayLearn(22)).toBe(RESTING);
    expect(credit.mayLearn(23)).toBe(LEARN);
    credit.spend();
    credit.kept(23);
    // The shape learned from record 23 reads a later record: its trial ends well.
    hits(credit, 10, true);
    hits(credit, 10);
    expect(credit.mayLearn(44)).toBe(LEARN);
  });

  it("judges no shape before TRIAL_RECORDS records have passed (shapes in turn each learned once)", () => {
    const credit = new LearningCredit();
    // Four shapes in turn: each learned at its first miss, a record apart.
    expect(verdicts(credit, 0, 4)).toEqual([LEARN, LEARN, LEARN, LEARN]);
  });
});
