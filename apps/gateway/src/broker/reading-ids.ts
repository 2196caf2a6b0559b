import { randomUUID } from 'node:crypto';

/** The counter's two halves, 6 hex digits each: the id's last 12. */
const HALF_DIGITS = 6;
const HALF_SPAN = 0x1000000;

/**
 * The ids the gateway gives its readings, in the UUID form its consumers read (the subscriber
 * keeps ids of that form; the e2e suites check it): a random version-4 UUID drawn once per
 * process, whose last 12 hex digits then count up from their random start. Two processes (a
 * restart, a replica) share no id unless their 74 other random bits are equal; one process
 * repeats one only after 2^48 readings. A reading costs a small number's hex digits, not a
 * UUID's random bytes; the counter's upper half is formatted only when it changes, since a
 * number past 32 bits formats slowly.
 */
export class ReadingIds {
  private readonly prefix: string;
  private high: number;
  private low: number;
  private upper = '';

  constructor(seed: string = randomUUID()) {
    this.prefix = seed.slice(0, -2 * HALF_DIGITS);
    this.high = parseInt(seed.slice(-2 * HALF_DIGITS, -HALF_DIGITS), 16);
    this.low = parseInt(seed.slice(-HALF_DIGITS), 16);
    this.format();
  }

  next(): string {
    this.low = (this.low + 1) % HALF_SPAN;
    if (this.low === 0) {
      this.high = (this.high + 1) % HALF_SPAN;
      this.format();
    }
    return this.upper + this.low.toString(16).padStart(HALF_DIGITS, '0');
  }

  private format(): void {
    this.upper = this.prefix + this.high.toString(16).padStart(HALF_DIGITS, '0');
  }
}
