/**
 * A hash map keyed by bytes, for lookups straight from a line's buffer: a
 * key seen before is found without making a string of it. Keys are copied
 * into one growing arena, so a stored key holds no line alive and costs its
 * bytes plus three integers.
 *
 * The hash is seeded per process, so a journal cannot be written to make
 * every key collide.
 */
export class ByteKeys<V> {
  /**
   * Per slot, two i32s: the key's hash and its entry index + 1 (0 when
   * empty). Open addressing, linear probing; the hash is compared in the
   * slot, so a probe touches one cache line.
   */
  private slots = new Int32Array(2 * 1024);
  /** Per entry, two i32s: where its key starts in the arena, and its length. */
  private keys = new Int32Array(2 * 512);
  private arena = Buffer.allocUnsafe(16 * 1024);
  private words = new DataView(this.arena.buffer, this.arena.byteOffset, this.arena.length);
  private used = 0;
  private readonly values: V[] = [];

  get size(): number {
    return this.values.length;
  }

  /** The value of the key `b[start, end)` whose hashBytes() is `h`. */
  get(b: Uint8Array, start: number, end: number, h: number): V | undefined {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[2 * s + 1]! - 1;
      if (e === -1) return undefined;
      if (slots[2 * s] === h && this.keyIs(e, b, start, end)) return this.values[e];
    }
  }

  /**
   * get() for a key of `n` bytes, a multiple of 4, at the start of `key`:
   * compared four bytes at a time.
   */
  getWords(key: DataView, n: number, h: number): V | undefined {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[2 * s + 1]! - 1;
      if (e === -1) return undefined;
      if (slots[2 * s] === h && this.keys[2 * e + 1] === n && this.wordsAre(e, key, n))
        return this.values[e];
    }
  }

  private wordsAre(e: number, key: DataView, n: number): boolean {
    const words = this.words;
    const at = this.keys[2 * e]!;
    for (let i = 0; i < n; i += 4)
      if (words.getInt32(at + i, true) !== key.getInt32(i, true)) return false;
    return true;
  }

  /** Stores `value` under a key not stored yet. */
  set(b: Uint8Array, start: number, end: number, h: number, value: V): void {
    const e = this.values.length;
    const n = end - start;
    if (2 * e === this.keys.length) {
      const grown = new Int32Array(2 * this.keys.length);
      grown.set(this.keys);
      this.keys = grown;
    }
    if (this.used + n > this.arena.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.arena.length, this.used + n));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
      this.words = new DataView(grown.buffer, grown.byteOffset, grown.length);
    }
    this.arena.set(b.subarray(start, end), this.used);
    this.keys[2 * e] = this.used;
    this.keys[2 * e + 1] = n;
    this.used += n;
    this.values.push(value);
    if (4 * this.values.length > this.slots.length) this.growSlots();
    this.place(e, h);
  }

  private keyIs(e: number, b: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (this.keys[2 * e + 1] !== n) return false;
    const arena = this.arena;
    const at = this.keys[2 * e]!;
    for (let i = 0; i < n; i++) if (arena[at + i] !== b[start + i]) return false;
    return true;
  }

  private place(e: number, h: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let s = h & mask;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = h;
    slots[2 * s + 1] = e + 1;
  }

  /** Twice the slots, each entry so far placed again by the hash its old slot kept. */
  private growSlots(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    for (let s = 0; s < old.length; s += 2)
      if (old[s + 1] !== 0) this.place(old[s + 1]! - 1, old[s]!);
  }
}

/** This process's hash seed. */
const SEED = (Math.random() * 0x100000000) | 0;

/** The hash of `b[start, end)`, for ByteKeys. */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = SEED ^ 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return finish(h);
}

/** The hash of the first `n` bytes of `key`, a multiple of 4, for ByteKeys.getWords. */
export function hashWords(key: DataView, n: number): number {
  let h = SEED ^ 0x811c9dc5;
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
