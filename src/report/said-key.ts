import type { Component } from '../parser/audit-record.js';
import { COMPONENTS } from '../parser/dialects.js';
import type { RecordView } from '../parser/record-view.js';
import { type ByteKeys, hashWords } from './byte-keys.js';

/** Component codes, as the byte kernel numbers them (dialects.ts). */
const COMPONENT_CODE: ReadonlyMap<Component, number> = new Map(COMPONENTS.map((c, i) => [c, i]));
/** No byte of UTF-8: the parts of a key cannot run into each other. */
const PART_END = 0xff;
/** Longer keys (values only hostile input writes) are not listed: each such record is mapped anew. */
const SAID_MAX = 4096;

/**
 * What a denial says, as bytes: its component's code, then uid, object and
 * action, each followed by PART_END, then zeros up to a multiple of 4 bytes
 * (the last PART_END tells where they start). Built from a line's bytes
 * (by the byte kernel, where the line lies) or from the parser's strings
 * (here); the two give the same bytes and hash for the same record. Compared
 * four bytes at a time.
 */
export class SaidKey {
  readonly bytes = Buffer.from(new ArrayBuffer(SAID_MAX + 4));
  private readonly own = new DataView(this.bytes.buffer);
  private readonly ownWords = new Int32Array(this.bytes.buffer);
  /** The key as words, from word `wordsFrom`: `bytes`, or the view's memory for a key read from a line. */
  words: Int32Array = this.ownWords;
  wordsFrom = 0;
  /** The same as bytes, from `at`. */
  private from: Uint8Array = this.bytes;
  private at = 0;
  length = 0;
  hash = 0;

  /** The key of the denial `v` read, built and hashed where the line lies (kernel/said.ts). */
  fromView(v: RecordView): void {
    this.length = v.saidLength;
    this.hash = v.saidHash;
    this.words = v.saidWords;
    this.wordsFrom = v.saidAt >> 2;
    this.from = v.buf;
    this.at = v.saidAt;
  }

  /** False when a part is not ASCII or the key is too long: such a record is not listed. */
  fromText(component: Component, uid: string, object: string, action: string): boolean {
    const out = this.bytes;
    out[0] = COMPONENT_CODE.get(component)!;
    let n = 1;
    for (const part of [uid, object, action]) {
      if (n + part.length + 1 > SAID_MAX) return false;
      // ASCII writes one byte per character; anything else more, or is cut.
      if (out.write(part, n, 'utf8') !== part.length || !isAscii(out, n, part.length)) return false;
      n += part.length;
      out[n++] = PART_END;
    }
    while (n & 3) out[n++] = 0;
    this.length = n;
    this.words = this.ownWords;
    this.wordsFrom = 0;
    this.from = out;
    this.at = 0;
    this.hash = hashWords(this.own, n);
    return true;
  }

  /** Where this key is in `keys`, or -1. */
  indexIn<V>(keys: ByteKeys<V>): number {
    return keys.indexOfWords(this.words, this.wordsFrom, this.length, this.hash);
  }

  /** Stores `value` in `keys` under this key (not stored yet); its index. */
  storeIn<V>(keys: ByteKeys<V>, value: V): number {
    return keys.set(this.from, this.at, this.at + this.length, this.hash, value);
  }
}

function isAscii(b: Buffer, at: number, n: number): boolean {
  for (let i = at; i < at + n; i++) if (b[i]! > 0x7f) return false;
  return true;
}
