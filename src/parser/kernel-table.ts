/**
 * The room in the byte kernel's memory for the aggregator's table of the
 * denials it keeps (dialects.ts TABLE; report/byte-keys.ts lays it out),
 * and for the names the table's marks number: while the table lives here,
 * the kernel's `sweep` (kernel/count.ts) counts a denial seen before
 * without a call into JavaScript (`addedNames` then says which names it
 * marked as new to a group). One aggregator's table at a time
 * (`owner`; report/wordings.ts moves tables in and out).
 */
import {
  ADDED,
  MARKED_NAMES,
  NAME_BYTES,
  NAME_MAX,
  NAMES,
  NAMES_TOLD,
  TABLE_ARENA,
  TABLE_ARENA_BYTES,
  TABLE_SLOTS,
  TABLE_SLOTS_AT,
} from './dialects.js';

export class KernelTable {
  /** The slots, two i32s each. */
  readonly slots: Int32Array;
  readonly arena: Buffer;
  /**
   * Whose table is here now, if any: held weakly, so that an aggregator
   * dropped does not stay alive through the kernel.
   */
  owner: WeakRef<object> | undefined;
  /** No table was ever moved in (report/byte-keys.ts TableHome). */
  fresh = true;
  private readonly memory: Buffer;
  private readonly i32: Int32Array;

  constructor(memory: ArrayBuffer) {
    this.memory = Buffer.from(memory);
    this.i32 = new Int32Array(memory);
    this.slots = new Int32Array(memory, TABLE_SLOTS_AT, 2 * TABLE_SLOTS);
    this.arena = this.memory.subarray(TABLE_ARENA, TABLE_ARENA + TABLE_ARENA_BYTES);
    this.forgetNames();
  }

  /** No name is told: the kernel then counts no denial (its marks name none). */
  forgetNames(): void {
    for (let n = 0; n < MARKED_NAMES; n++) this.i32[(NAMES >> 2) + 2 * n + 1] = -1;
    this.i32[NAMES_TOLD >> 2] = 0;
  }

  /**
   * Hands over each name the last `sweep` marked as new to a group: the
   * wording's index, the name's number, and whether it is a reason.
   */
  addedNames(each: (wording: number, name: number, reason: boolean) => void): void {
    const i32 = this.i32;
    const n = i32[ADDED >> 2]!;
    for (let i = 0; i < n; i++) {
      const at = (ADDED + 8 + i * 8) >> 2;
      const name = i32[at + 1]!;
      each(i32[at]!, name % MARKED_NAMES, name >= MARKED_NAMES);
    }
  }

  /**
   * Tells the kernel that the name the marks number `n` is `b[start, end)`,
   * hashed `hash` (byte-keys.ts hashBytes): a name of more than NAME_MAX
   * bytes, or numbered past MARKED_NAMES, is not told, and a record naming
   * it is left to JavaScript.
   */
  tellName(n: number, b: Uint8Array, start: number, end: number, hash: number): void {
    if (n < 0 || n >= MARKED_NAMES || end - start > NAME_MAX) return;
    this.memory.set(b.subarray(start, end), NAME_BYTES + n * NAME_MAX);
    this.i32[(NAMES >> 2) + 2 * n] = hash;
    this.i32[(NAMES >> 2) + 2 * n + 1] = end - start;
    this.i32[NAMES_TOLD >> 2] = Math.max(this.i32[NAMES_TOLD >> 2]!, n + 1);
  }
}
