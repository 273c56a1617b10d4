/**
 * A hash map keyed by bytes, for lookups straight from a line's buffer: a
 * key seen before is found without making a string of it. Keys are copied
 * into one growing arena, so a stored key holds no line alive and costs its
 * bytes plus four integers.
 *
 * The hash is seeded per process, so a journal cannot be written to make
 * every key collide.
 */
export class ByteKeys<V> {
  /**
   * Per slot, four i32s: the key's hash, its entry index + 1 (0 when
   * empty), where its bytes start in the arena and how many there are.
   * Open addressing, linear probing: a probe reads one slot, and a hit the
   * arena and the value.
   *
   * Room for 65,536 keys from the start (2 MiB), as the arena: pages not
   * written to take no memory. Doubling from a small table freed a table at
   * each step, and the C library, once it has freed a large block, keeps
   * blocks of up to that size for reuse rather than giving them back: the
   * dense bench input's peak was about 3 MiB higher.
   */
  private slots: Int32Array;
  /**
   * Large from the start: pages not written to take no memory, where growing
   * by copies left each old arena to the next full collection (several MiB
   * on a worker thread reading the dense bench input, at the peak).
   */
  private arena: Buffer;
  private words: DataView;
  private used = 0;
  private readonly values: V[] = [];

  /** The first table's slots (a power of two) and arena's bytes; smaller in tests of growth. */
  constructor(slots = FIRST_SLOTS, arenaBytes = ARENA_BYTES) {
    this.slots = new Int32Array(4 * slots);
    this.arena = Buffer.allocUnsafe(arenaBytes);
    this.words = new DataView(this.arena.buffer, this.arena.byteOffset, this.arena.length);
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
    const mask = (slots.length >> 2) - 1;
    const n = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[4 * s + 1]! - 1;
      if (e === -1) return -1;
      if (
        slots[4 * s] === h &&
        slots[4 * s + 3] === n &&
        this.bytesAre(slots[4 * s + 2]!, b, start, n)
      )
        return e;
    }
  }

  /**
   * indexOf() for a key of `n` bytes, a multiple of 4, at the start of
   * `key`: compared four bytes at a time.
   */
  indexOfWords(key: DataView, n: number, h: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[4 * s + 1]! - 1;
      if (e === -1) return -1;
      if (slots[4 * s] === h && slots[4 * s + 3] === n && this.wordsAre(slots[4 * s + 2]!, key, n))
        return e;
    }
  }

  /** Stores `value` under a key not stored yet; returns its index. */
  set(b: Uint8Array, start: number, end: number, h: number, value: V): number {
    const e = this.values.length;
    const n = end - start;
    if (this.used + n > this.arena.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.arena.length, this.used + n));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
      this.words = new DataView(grown.buffer, grown.byteOffset, grown.length);
    }
    this.arena.set(b.subarray(start, end), this.used);
    this.values.push(value);
    if (4 * this.values.length > this.slots.length >> 1) this.growSlots();
    this.place(h, e, this.used, n);
    this.used += n;
    return e;
  }

  private bytesAre(at: number, b: Uint8Array, start: number, n: number): boolean {
    const arena = this.arena;
    for (let i = 0; i < n; i++) if (arena[at + i] !== b[start + i]) return false;
    return true;
  }

  private wordsAre(at: number, key: DataView, n: number): boolean {
    const words = this.words;
    for (let i = 0; i < n; i += 4)
      if (words.getInt32(at + i, true) !== key.getInt32(i, true)) return false;
    return true;
  }

  private place(h: number, e: number, at: number, n: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    let s = h & mask;
    while (slots[4 * s + 1] !== 0) s = (s + 1) & mask;
    slots[4 * s] = h;
    slots[4 * s + 1] = e + 1;
    slots[4 * s + 2] = at;
    slots[4 * s + 3] = n;
  }

  /** Twice the slots, each entry so far placed again from its old slot. */
  private growSlots(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    for (let s = 0; s < old.length; s += 4)
      if (old[s + 1] !== 0) this.place(old[s]!, old[s + 1]! - 1, old[s + 2]!, old[s + 3]!);
  }
}

/** Slots a ByteKeys starts with: at most half are used, so 65,536 keys before it grows. */
const FIRST_SLOTS = 131_072;

/** A ByteKeys' first arena: the dense bench input's 40,000 keys take about 2.4 MB. */
const ARENA_BYTES = 4 * 2 ** 20;

/** This process's hash seed (the byte kernel's `said` hashes with it too). */
export const SEED = (Math.random() * 0x100000000) | 0;

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
