// Learning a record's shape costs many replays' gain (5-20 us against ~0.5 us a record): a stream
// whose records seldom repeat a shape must stop learning. Each replay earns a credit, each
// learning costs LEARN_COST and each miss MISS_COST; without the credit to learn, shapes rest for
// a number of records that doubles from FIRST_REST to LAST_REST with each rest in a row, then
// start again. A stream that earns CREDIT_MAX has its rests start at FIRST_REST again. The byte
// writers' shapes (record-shape.ts) and the value path's (decoder/record-values.ts) both keep one.
const CREDIT_START = 64;
const CREDIT_MAX = 128;
const LEARN_COST = 8;
const MISS_COST = 1;
const FIRST_REST = 1024;
const LAST_REST = 1 << 17;

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

  hit(): void {
    if (this.credit < CREDIT_MAX) this.credit++;
    else this.restRecords = FIRST_REST;
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
    if (this.credit >= LEARN_COST) return LEARN;
    this.credit = CREDIT_START;
    this.restUntil = recordIndex + this.restRecords;
    this.restRecords = Math.min(this.restRecords * 2, LAST_REST);
    return REST_BEGINS;
  }
}
