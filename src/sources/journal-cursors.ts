import { cursorSequence, type JournalPlace } from '../parser/json-cursor.js';
import type { InputPosition } from './position.js';

/**
 * Where a JSON journal input has got to, per host: the `__CURSOR` of the
 * last entry of each host processed. Cursors are per host (per machine
 * id), so a stream mixing hosts keeps one for each.
 *
 * Resuming, the cursors an earlier run saved mark what it counted: an entry
 * of the same sequence numbered at or before a host's saved cursor is left
 * out (`admit` says false), so that piping the same journal in again, or an
 * `--after-cursor` that reaches back, counts nothing twice.
 */
export class JournalCursors {
  private readonly last = new Map<string, string>();
  private readonly counted = new Map<string, { id: string; number: bigint }>();
  /** The cursor of the last entry processed, whatever its host. */
  latest: string | undefined;
  /** Entries left out: an earlier run counted them. */
  skipped = 0;

  /**
   * `host`: whose entries have no `_HOSTNAME` (the input's host, or `-`);
   * `saved`: the cursors per host the earlier run kept.
   */
  constructor(
    private readonly host = '-',
    saved: Readonly<Record<string, string>> = {},
  ) {
    for (const [host, cursor] of Object.entries(saved)) {
      this.last.set(host, cursor);
      const seq = cursorSequence(cursor);
      if (seq) this.counted.set(host, seq);
    }
  }

  /** Whether the entry at `place` is to be counted: false when an earlier run counted it. */
  admit(place: JournalPlace): boolean {
    const before = this.counted.get(place.host ?? this.host);
    if (before === undefined) return true;
    const seq = cursorSequence(place.cursor);
    if (seq === undefined || seq.id !== before.id || seq.number > before.number) return true;
    this.skipped++;
    return false;
  }

  /** The entry at `place` was processed: its cursor is where its host has got to. */
  took(place: JournalPlace): void {
    this.last.set(place.host ?? this.host, place.cursor);
    this.latest = place.cursor;
  }

  /** The cursor of each host, saved ones included; undefined when there is none. */
  position(): InputPosition | undefined {
    if (this.last.size === 0) return undefined;
    return { kind: 'journal-per-host', cursors: Object.fromEntries(this.last) };
  }
}
