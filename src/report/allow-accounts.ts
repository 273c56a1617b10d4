import { ByteKeys, hashBytes } from './byte-keys.js';
import type { Snapshot } from './snapshot.js';
import { ALLOW_ACCOUNTS_CAP as CAP } from './snapshot-limits.js';

/**
 * The accounts that allow records name, kept only when --account names
 * accounts: an account with allow records and no denial is told apart from
 * one no record names (report/account-warnings.ts). A uid read on bytes is
 * looked up without making a string of it; capped against hostile input.
 */
export class AllowAccounts {
  private readonly keys = new ByteKeys<string>(1024, 64 * 1024);
  /** Allow records of each account listed, by its index in `keys`. */
  private readonly records: number[] = [];
  /** Some account was left out: more than the cap were seen. */
  full = false;

  /** The uid `b[start, end)` of an allow record read on bytes. */
  addBytes(b: Uint8Array, start: number, end: number): void {
    const h = hashBytes(b, start, end);
    const i = this.keys.indexOf(b, start, end, h);
    if (i !== -1) {
      this.records[i]!++;
      return;
    }
    if (this.keys.size >= CAP) {
      this.full = true;
      return;
    }
    this.records[this.keys.size] = 1;
    this.keys.set(b, start, end, h, Buffer.from(b.subarray(start, end)).toString('utf8'));
  }

  /** Allow records read that name one of `uids` (a follow's --quiet-for watches them arrive). */
  recordsOf(uids: readonly string[]): number {
    let n = 0;
    for (const uid of uids) {
      const b = Buffer.from(uid, 'utf8');
      const i = this.keys.indexOf(b, 0, b.length, hashBytes(b, 0, b.length));
      if (i !== -1) n += this.records[i]!;
    }
    return n;
  }

  add(uid: string): void {
    const b = Buffer.from(uid, 'utf8');
    this.addBytes(b, 0, b.length);
  }

  list(): string[] {
    return Array.from({ length: this.keys.size }, (_, i) => this.keys.value(i));
  }

  /** As snapshot data: the uids in the order first seen. */
  snapshot(): Snapshot['allowAccounts'] {
    return { uids: this.list(), full: this.full };
  }
}
