// Learning a record's shape costs many replays' gain (5-20 us against ~0.5 us a record): a stream
// whose records seldom repeat a shape must stop learning. Each replay earns a credit, each
// learning costs LEARN_COST and each miss MISS_COST; without the credit to learn, shapes rest for
// a number of records that doubles from FIRST_REST to LAST_REST with each rest in a row, then
// start again. A stream that earns CREDIT_MAX has its rests start at FIRST_REST again. The byte
// writers' shapes (record-shape.ts) and the value path's (decoder/record-values.ts) both keep one.
//
// A stream whose shapes read most records can still miss often enough to keep learning: records
// of one shape where a str now and then is a memo read of an equal one (an order line's note that
// is the record's tag), each such record a shape of its own that no later record has. So each
// shape learned is on trial: when no record has read it TRIAL_RECORDS records later, the misses
// that follow learn nothing, 2, 4, ... 2^MAX_FUTILITY of them in turn, while the shapes kept go on
// reading; a learned shape that reads a record ends that. (lines.pkl in the bench: 12k such
// records among 200k, ~50 us each to learn.)
const CREDIT_START = 64;
const CREDIT_MAX = 128;
const LEARN_COST = 8;
const MISS_COST = 1;
const FIRST_REST = 1024;
const LAST_REST = 1 << 17;
const TRIAL_RECORDS = 16;
const MAX_FUTILITY = 10;

/** mayLearn: the record is learned from. */
export const LEARN = 0;
/** mayLearn: shapes rest; the caller has nothing to do. */
export const RESTING = 1;
/** mayLearn: a rest begins now; the caller drops its shapes. */
export const REST_BEGINS = 2;

/** One cache's learning credit (see above). */
export class LearningCredit {
  private credit = CREDIT_START;
  private restUntil = 0;
  private restRecords = FIRST_REST;
  /** The record the shape on trial was learned from, or -1; the records it has read. */
  private trialAt = -1;
  private trialHits = 0;
  /** Learned shapes in a row that read no record on trial; misses still to learn nothing. */
  private futility = 0;
  private skips = 0;

  /** A shape read a record (`isOnTrial`: the shape learned last, see `kept`). */
  hit(isOnTrial = false): void {
    if (this.credit < CREDIT_MAX) this.credit++;
    else this.restRecords = FIRST_REST;
    if (isOnTrial) this.trialHits++;
  }

  /** The shape learned from record `recordIndex` was kept: it is on trial. */
  kept(recordIndex: number): void {
    this.trialAt = recordIndex;
    this.trialHits = 0;
  }

  miss(): void {
    this.credit -= MISS_COST;
  }

  /** A record was learned from (whether or not a shape came of it). */
  spend(): void {
    this.credit -= LEARN_COST;
  }

  /** Whether the record at `recordIndex` that missed may be learned from: LEARN, RESTING or REST_BEGINS. */
  mayLearn(recordIndex: number): number {
    if (recordIndex < this.restUntil) return RESTING;
    if (this.trialAt >= 0 && recordIndex - this.trialAt >= TRIAL_RECORDS) {
      // The trial's verdict: a shape no record read makes the next misses learn nothing.
      this.futility = this.trialHits > 0 ? 0 : Math.min(this.futility + 1, MAX_FUTILITY);
      this.skips = this.trialHits > 0 ? 0 : 2 ** this.futility;
      this.trialAt = -1;
    }
    if (this.skips > 0) {
      this.skips--;
      return RESTING;
    }
    if (this.credit >= LEARN_COST) return LEARN;
    this.credit = CREDIT_START;
    this.restUntil = recordIndex + this.restRecords;
    this.restRecords = Math.min(this.restRecords * 2, LAST_REST);
    return REST_BEGINS;
  }
}
