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

  list(): string[] {
    return Array.from({ length: this.keys.size }, (_, i) => this.keys.value(i));
  }

  /** As snapshot data: the uids in the order first seen. */
  snapshot(): Snapshot['allowAccounts'] {
    return { uids: this.list(), full: this.full };
  }
}
