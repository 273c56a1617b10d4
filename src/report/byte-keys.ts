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
  /** Per slot: entry index + 1, or 0 when empty. Open addressing, linear probing. */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(512);
  private starts = new Int32Array(512);
  private lengths = new Int32Array(512);
  private arena = Buffer.allocUnsafe(16 * 1024);
  private used = 0;
  private readonly values: V[] = [];

  get size(): number {
    return this.values.length;
  }

  /** The value of the key `b[start, end)` whose hash() is `h`. */
  get(b: Uint8Array, start: number, end: number, h: number): V | undefined {
    const slots = this.slots;
    const mask = slots.length - 1;
    const n = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[s]! - 1;
      if (e === -1) return undefined;
      if (this.hashes[e] === h && this.lengths[e] === n && this.keyIs(e, b, start, n))
        return this.values[e];
    }
  }

  /** Stores `value` under a key not stored yet. */
  set(b: Uint8Array, start: number, end: number, h: number, value: V): void {
    const e = this.values.length;
    const n = end - start;
    if (e === this.hashes.length) this.growEntries();
    if (this.used + n > this.arena.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.arena.length, this.used + n));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
    this.arena.set(b.subarray(start, end), this.used);
    this.starts[e] = this.used;
    this.lengths[e] = n;
    this.hashes[e] = h;
    this.used += n;
    this.values.push(value);
    if (2 * this.values.length > this.slots.length) this.growSlots();
    else this.place(e);
  }

  private keyIs(e: number, b: Uint8Array, start: number, n: number): boolean {
    const arena = this.arena;
    const at = this.starts[e]!;
    for (let i = 0; i < n; i++) if (arena[at + i] !== b[start + i]) return false;
    return true;
  }

  private place(e: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = this.hashes[e]! & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = e + 1;
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const grown = new Int32Array(2 * a.length);
      grown.set(a);
      return grown;
    };
    this.hashes = grow(this.hashes);
    this.starts = grow(this.starts);
    this.lengths = grow(this.lengths);
  }

  private growSlots(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    for (let e = 0; e < this.values.length; e++) this.place(e);
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

/** Mixes the last bytes into every bit (FNV-1a leaves the low bits weak). */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}
