import { ByteKeys, hashBytes } from './byte-keys.js';

/** Accounts listed at most; past it, `full` says the list is not whole. */
const CAP = 10_000;

/** AllowAccounts as plain data, for a worker thread to post (Aggregator.part). */
export interface AllowAccountsPart {
  uids: string[];
  full: boolean;
}

/**
 * The accounts that allow records name, kept only when --account names
 * accounts: an account with allow records and no denial is told apart from
 * one no record names (report/account-warnings.ts). A uid read on bytes is
 * looked up without making a string of it; capped against hostile input.
 */
export class AllowAccounts {
  private readonly keys = new ByteKeys<string>(1024, 64 * 1024);
  /** Some account was left out: more than the cap were seen. */
  full = false;

  /** The uid `b[start, end)` of an allow record read on bytes. */
  addBytes(b: Uint8Array, start: number, end: number): void {
    const h = hashBytes(b, start, end);
    if (this.keys.indexOf(b, start, end, h) !== -1) return;
    if (this.keys.size >= CAP) {
      this.full = true;
      return;
    }
    this.keys.set(b, start, end, h, Buffer.from(b.subarray(start, end)).toString('utf8'));
  }

  add(uid: string): void {
    const b = Buffer.from(uid, 'utf8');
    this.addBytes(b, 0, b.length);
  }

  has(uid: string): boolean {
    const b = Buffer.from(uid, 'utf8');
    return this.keys.indexOf(b, 0, b.length, hashBytes(b, 0, b.length)) !== -1;
  }

  list(): string[] {
    return Array.from({ length: this.keys.size }, (_, i) => this.keys.value(i));
  }

  part(): AllowAccountsPart {
    return { uids: this.list(), full: this.full };
  }

  absorb(part: AllowAccountsPart): void {
    for (const uid of part.uids) this.add(uid);
    this.full ||= part.full;
  }
}
