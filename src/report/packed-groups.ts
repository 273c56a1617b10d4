/**
 * Denied and allowed groups packed into flat arrays, for the trip from a
 * worker thread to the main one (sources/split-file.ts). A structured clone
 * writes an object property by property, names included, and the other side
 * builds it again: a group is a Map entry and three objects. Packed, a group
 * is its key string and numbers; the names its evidence lists (hosts,
 * components, reasons, the source) are sent once per batch, and the sample
 * texts joined into a few strings, cut only for a group the main thread lacks
 * (a sample read again from its file goes as its place).
 */
import { detach, keep } from '../parser/detach.js';
import type { DeniedGroup, LineReader, Sample } from './aggregate.js';
import { EVIDENCE_SETS, Evidence } from './evidence.js';
import { LineSample } from './line-sample.js';

/** Groups of some accounts, as takeGroups packs them. */
export interface PackedGroups {
  /** Per account, its uid. */
  uids: string[];
  /** Per account, two numbers: 1 for allow records (`allowed`) or 0, and its number of groups. */
  accounts: Int32Array;
  /** Per group, in account order: its key within its account (rid, separator, action). */
  keys: string[];
  /** Per group, NUMBERS numbers (see `pack`). */
  numbers: Float64Array;
  /**
   * Per group, its sample's source as an index in `names`; then for each
   * evidence set in EVIDENCE_SETS order, how many names and their indices.
   */
  refs: Int32Array;
  names: string[];
  /**
   * Every group's sample text, one after the other, in strings of at most
   * TEXT_CHUNK characters (unless one text is longer): a text is never split.
   */
  texts: string[];
}

/**
 * Short enough for V8's young generation: a longer string goes to the large
 * object space, which only a full collection empties, and a batch's texts
 * stayed there on both threads (the dense bench input's peak was about 10 MiB
 * higher with one string per batch).
 */
const TEXT_CHUNK = 32 * 1024;

/**
 * count, first, last, sample line, rid length, sample text length; for a
 * sample read again from its file (line-sample.ts), a length of -1, then
 * where its line starts, its bytes, its message's length and fingerprint.
 */
const NUMBERS = 10;
const READ_AGAIN = -1;

/** The maps groups are kept in: denied (0) and allowed (1), each keyed by uid, then group key. */
export type GroupMaps = readonly [
  Map<string, Map<string, DeniedGroup>>,
  Map<string, Map<string, DeniedGroup>>,
];

/**
 * Removes whole accounts from `maps`, about `max` groups (at least one
 * account), and packs them; undefined when none are left.
 */
export function takePacked(maps: GroupMaps, max: number): PackedGroups | undefined {
  const taken: [number, string, Map<string, DeniedGroup>][] = [];
  let n = 0;
  fill: for (const [kind, map] of maps.entries()) {
    for (const [uid, groups] of map) {
      if (n > 0 && n + groups.size > max) break fill;
      taken.push([kind, uid, groups]);
      map.delete(uid);
      n += groups.size;
    }
  }
  return n === 0 ? undefined : pack(taken, n);
}

function pack(taken: [number, string, Map<string, DeniedGroup>][], n: number): PackedGroups {
  const accounts = new Int32Array(2 * taken.length);
  const keys: string[] = [];
  const numbers = new Float64Array(NUMBERS * n);
  const refs: number[] = [];
  const names = new Map<string, number>();
  const nameOf = (name: string) => {
    let i = names.get(name);
    if (i === undefined) {
      i = names.size;
      names.set(name, i);
    }
    return i;
  };
  const texts: string[] = [];
  let chunk: string[] = [];
  let chunkLength = 0;
  let g = 0;
  for (const [a, [kind, , groups]] of taken.entries()) {
    accounts[2 * a] = kind;
    accounts[2 * a + 1] = groups.size;
    for (const [key, group] of groups) {
      const e = group.evidence;
      keys.push(key);
      const at = NUMBERS * g++;
      numbers[at] = e.count;
      numbers[at + 1] = e.first;
      numbers[at + 2] = e.last;
      const sample = group.sample;
      numbers[at + 3] = sample.line;
      numbers[at + 4] = group.rid.length;
      refs.push(nameOf(sample.source));
      for (const set of EVIDENCE_SETS) {
        const values = e.values(set);
        refs.push(values instanceof Set ? values.size : (values as readonly string[]).length);
        for (const v of values) refs.push(nameOf(v));
      }
      if (sample instanceof LineSample) {
        // Its place, not its text: the main thread reads it from the same file when shown.
        numbers[at + 5] = READ_AGAIN;
        numbers[at + 6] = sample.offset;
        numbers[at + 7] = sample.bytes;
        numbers[at + 8] = sample.chars;
        numbers[at + 9] = sample.print;
        continue;
      }
      const text = sample.text;
      numbers[at + 5] = text.length;
      if (chunkLength > 0 && chunkLength + text.length > TEXT_CHUNK) {
        texts.push(chunk.join(''));
        chunk = [];
        chunkLength = 0;
      }
      chunk.push(text);
      chunkLength += text.length;
    }
  }
  return {
    uids: taken.map(([, uid]) => uid),
    accounts,
    keys,
    numbers,
    refs: Int32Array.from(refs),
    names: [...names.keys()],
    texts: [...texts, chunk.join('')],
  };
}

/**
 * Adds packed groups to `maps`: a group the maps hold takes the packed one's
 * evidence, and a new one is made with its sample's line moved on by
 * `lineOffset` (see Aggregator.absorb). `lines` reads the file again for
 * samples packed as places.
 */
export function absorbPacked(
  maps: GroupMaps,
  batch: PackedGroups,
  lineOffset: number,
  lines?: LineReader,
): void {
  const { accounts, keys, numbers, refs } = batch;
  // Shared with what this thread holds, and compared by identity when they are the same.
  const names = batch.names.map(keep);
  let g = 0;
  let r = 0;
  let chunk = 0;
  let text = 0;
  for (let a = 0; a < batch.uids.length; a++) {
    const map = maps[accounts[2 * a]!]!;
    const uid = batch.uids[a]!;
    let perAccount = map.get(uid);
    if (!perAccount) {
      perAccount = new Map();
      map.set(keep(uid), perAccount);
    }
    for (const end = g + accounts[2 * a + 1]!; g < end; g++) {
      const at = NUMBERS * g;
      const key = keys[g]!;
      const source = names[refs[r++]!]!;
      const textLength = numbers[at + 5]!;
      // A text that does not fit where the last one ended starts the next string.
      if (textLength !== READ_AGAIN && text + textLength > batch.texts[chunk]!.length) {
        chunk++;
        text = 0;
      }
      let group = perAccount.get(key);
      const line = numbers[at + 3]! + lineOffset;
      const sample = (): Sample => {
        if (textLength !== READ_AGAIN)
          return { source, line, text: detach(batch.texts[chunk]!.slice(text, text + textLength)) };
        if (!lines) throw new Error('a sample to read again came without the file to read it from');
        return new LineSample(
          source,
          line,
          lines,
          numbers[at + 6]!,
          numbers[at + 7]!,
          numbers[at + 8]!,
          numbers[at + 9]!,
        );
      };
      if (!group) {
        const ridLength = numbers[at + 4]!;
        group = {
          uid: keep(uid),
          rid: keep(key.slice(0, ridLength)),
          action: keep(key.slice(ridLength + 1)),
          evidence: new Evidence(),
          sample: sample(),
        };
        perAccount.set(keep(key), group);
      } else if (line < group.sample.line && source === group.sample.source) {
        // A group made from a wording the worker only counted (absorbWordings) may start later.
        group.sample = sample();
      }
      if (textLength !== READ_AGAIN) text += textLength;
      const e = group.evidence;
      e.addCounted(numbers[at]!, numbers[at + 1]!, numbers[at + 2]!);
      for (const set of EVIDENCE_SETS)
        for (let k = refs[r++]!; k > 0; k--) e.addTo(set, names[refs[r++]!]!);
    }
  }
}
