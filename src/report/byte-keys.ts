import { SEED } from '../parser/hash-seed.js';

/**
 * A hash map keyed by bytes, for lookups straight from a line's buffer: a
 * key seen before is found without making a string of it. Keys are copied
 * into one growing arena, so a stored key holds no line alive.
 *
 * Each key's record in the arena may start with room of the user's
 * (`payload` bytes: report/tallies.ts counts there), so that a lookup and
 * what follows it touch the same few cache lines: with tens of thousands of
 * keys looked up at random, each other place touched is a cache miss.
 *
 * The hash is seeded per process, so a journal cannot be written to make
 * every key collide.
 */
/**
 * Memory a ByteKeys may keep its slots and arena in, rather than its own:
 * the byte kernel's (parser/kernel-table.ts), where the kernel finds keys too.
 */
export interface TableHome {
  readonly slots: Int32Array;
  readonly arena: Buffer;
  /** No table was ever moved in: its memory is still zeros, untouched. */
  fresh: boolean;
}

export class ByteKeys<V> {
  /**
   * Per slot, two i32s: the key's hash, and where its record starts in the
   * arena, in 8-byte units, + 1 (0 when empty). Open addressing, linear
   * probing: a probe reads one slot, and a hit the record.
   *
   * Room for 65,536 keys from the start (1 MiB), as the arena: pages not
   * written to take no memory. Doubling from a small table freed a table at
   * each step, and the C library, once it has freed a large block, keeps
   * blocks of up to that size for reuse rather than giving them back: the
   * dense bench input's peak was about 3 MiB higher.
   */
  private slots: Int32Array;
  /**
   * The records, 8-byte aligned: the key's length and its entry's index
   * (two i32s), the payload, then the key's bytes. Large from the start:
   * pages not written to take no memory, where growing by copies left each
   * old arena to the next full collection.
   */
  private arena: Buffer;
  /** The arena as i32s and f64s (the payload's numbers). */
  i32: Int32Array;
  f64: Float64Array;
  private used = 0;
  private readonly values: V[] = [];
  /** Where the record of the key found or set last starts, in bytes of the arena. */
  found = -1;
  /**
   * The home the slots and arena are in (`moveInto`), until they move out
   * (`moveOut`) or outgrow it; undefined while in memory of their own.
   */
  home: TableHome | undefined;

  /**
   * The first table's slots (a power of two) and arena's bytes; smaller in
   * tests of growth. `payload` bytes (a multiple of 8) per record are the user's.
   */
  constructor(
    slots = FIRST_SLOTS,
    arenaBytes = ARENA_BYTES,
    private readonly payload = 0,
  ) {
    this.slots = new Int32Array(2 * slots);
    this.arena = Buffer.alloc(0);
    this.i32 = new Int32Array(0);
    this.f64 = new Float64Array(0);
    this.useArena(Buffer.allocUnsafe(arenaBytes & ~7));
  }

  get size(): number {
    return this.values.length;
  }

  /** The value stored `index`-th (an index from indexOf, or set's order). */
  value(index: number): V {
    return this.values[index]!;
  }

  /** Where the key `b[start, end)` was stored, counted from 0 (set's order), or -1. */
  indexOf(b: Uint8Array, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const n = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const r = slots[2 * s + 1]!;
      if (r === 0) return -1;
      if (slots[2 * s] === h) {
        const at = (r - 1) << 3;
        if (this.i32[at >> 2] === n && this.bytesAre(at + 8 + this.payload, b, start, n)) {
          this.found = at;
          return this.i32[(at >> 2) + 1]!;
        }
      }
    }
  }

  /**
   * indexOf() for a key of `n` bytes, a multiple of 4, at word `from` of
   * `key` (an Int32Array): compared four bytes at a time.
   */
  indexOfWords(key: Int32Array, from: number, n: number, h: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const r = slots[2 * s + 1]!;
      if (r === 0) return -1;
      if (slots[2 * s] === h) {
        const at = (r - 1) << 3;
        if (this.i32[at >> 2] === n && this.wordsAre(at + 8 + this.payload, key, from, n)) {
          this.found = at;
          return this.i32[(at >> 2) + 1]!;
        }
      }
    }
  }

  /** Stores `value` under a key not stored yet (its payload zeros); returns its index. */
  set(b: Uint8Array, start: number, end: number, h: number, value: V): number {
    const e = this.values.length;
    const n = end - start;
    const size = (8 + this.payload + n + 7) & ~7;
    // Grown first: growing may move the table out of its home.
    if (4 * (e + 1) > this.slots.length) this.growSlots();
    if (this.used + size > this.arena.length) {
      // Out of its home, slots too: the home is another table's next.
      if (this.home) this.moveOut();
      const grown = Buffer.allocUnsafe(Math.max(2 * this.arena.length, this.used + size));
      this.arena.copy(grown, 0, 0, this.used);
      this.useArena(grown);
    }
    const at = this.used;
    this.arena.fill(0, at, at + 8 + this.payload);
    this.i32[at >> 2] = n;
    this.i32[(at >> 2) + 1] = e;
    this.arena.set(b.subarray(start, end), at + 8 + this.payload);
    this.values.push(value);
    this.place(h, at);
    this.used += size;
    this.found = at;
    return e;
  }

  /**
   * Moves the slots and arena into `home` (as many slots, and room for the
   * arena used so far): false, and nothing moved, when they do not fit.
   */
  moveInto(home: TableHome): boolean {
    if (!this.fits(home)) return false;
    // An empty table in a fresh home has nothing to copy: memory untouched takes no page.
    if (this.size > 0 || !home.fresh) {
      home.slots.set(this.slots);
      home.arena.set(this.arena.subarray(0, this.used));
    }
    home.fresh = false;
    this.slots = home.slots;
    this.useArena(home.arena);
    this.home = home;
    return true;
  }

  /** Whether the slots and arena fit `home`: as many slots, and room for the arena used so far. */
  fits(home: TableHome): boolean {
    return home.slots.length === this.slots.length && this.used <= home.arena.length;
  }

  /** Moves the slots and arena out of their home, into memory of their own. */
  moveOut(): void {
    if (!this.home) return;
    const arena = Buffer.allocUnsafe(this.arena.length);
    this.arena.copy(arena, 0, 0, this.used);
    this.slots = this.slots.slice();
    this.useArena(arena);
    this.home = undefined;
  }

  /** Calls `each` with every record's start (in bytes of the arena), in the order stored. */
  forEachRecord(each: (at: number) => void): void {
    for (let at = 0; at < this.used; ) {
      each(at);
      at += (8 + this.payload + this.i32[at >> 2]! + 7) & ~7;
    }
  }

  private useArena(arena: Buffer): void {
    this.arena = arena;
    this.i32 = new Int32Array(arena.buffer, arena.byteOffset, arena.length >> 2);
    this.f64 = new Float64Array(arena.buffer, arena.byteOffset, arena.length >> 3);
  }

  private bytesAre(at: number, b: Uint8Array, start: number, n: number): boolean {
    const arena = this.arena;
    for (let i = 0; i < n; i++) if (arena[at + i] !== b[start + i]) return false;
    return true;
  }

  private wordsAre(at: number, key: Int32Array, from: number, n: number): boolean {
    const i32 = this.i32;
    const w = at >> 2;
    for (let i = 0; i < n >> 2; i++) if (i32[w + i] !== key[from + i]) return false;
    return true;
  }

  private place(h: number, at: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let s = h & mask;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = h;
    slots[2 * s + 1] = (at >> 3) + 1;
  }

  /** Twice the slots, each entry so far placed again from its old slot. */
  private growSlots(): void {
    if (this.home) this.moveOut();
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    for (let s = 0; s < old.length; s += 2)
      if (old[s + 1] !== 0) this.place(old[s]!, (old[s + 1]! - 1) << 3);
  }
}

/** Slots a ByteKeys starts with: at most half are used, so 65,536 keys before it grows. */
const FIRST_SLOTS = 131_072;

/** A ByteKeys' first arena: the dense bench input's 40,000 keys take about 4 MB with tallies. */
const ARENA_BYTES = 8 * 2 ** 20;

export { SEED };

/** The hash of `b[start, end)`, for ByteKeys. */
export function hashBytes(b: Uint8Array, start: number, end: number, seed = SEED): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return finish(h);
}

/** The hash of the first `n` bytes of `key`, a multiple of 4, for ByteKeys.indexOfWords. */
export function hashWords(key: DataView, n: number, seed = SEED): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < n; i += 4) h = Math.imul(h ^ key.getInt32(i, true), 0x01000193);
  return finish(h);
}

/** Mixes the last bytes into every bit (FNV-1a leaves the low bits weak). */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}
