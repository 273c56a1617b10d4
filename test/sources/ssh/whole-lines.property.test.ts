import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WholeLines } from '../../../src/sources/ssh/whole-lines.js';

/** Entry `i` of a journal: its cursor and a line of journalctl -o json. */
function cursorOf(i: number): string {
  const hex = i.toString(16);
  return `s=ab12;i=${hex};b=cd34;m=${hex};t=${hex};x=${hex}`;
}

function journal(messages: string[]): { lines: Buffer[]; all: Buffer } {
  const lines = messages.map((m, i) =>
    Buffer.from(`${JSON.stringify({ __CURSOR: cursorOf(i), MESSAGE: m })}\n`),
  );
  return { lines, all: Buffer.concat(lines) };
}

/** Cuts `bytes` into chunks at the given points (sorted, deduplicated, inside it). */
function chunks(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of [...at, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

const messages = fc.array(
  fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 })),
  { minLength: 1, maxLength: 30 },
);
const points = fc.array(fc.nat(), { maxLength: 12 });

describe('whole lines and their cursor', () => {
  it('hands on every byte of a stream that ends well, in order, with the last cursor', () => {
    fc.assert(
      fc.property(messages, points, (msgs, cuts) => {
        const { all } = journal(msgs);
        const cut = new WholeLines();
        const handed: Buffer[] = [];
        let cursor: string | undefined;
        for (const chunk of chunks(all, cuts)) {
          const h = cut.take(chunk);
          if (!h) continue;
          expect(h.bytes.at(-1)).toBe(0x0a);
          handed.push(h.bytes);
          cursor = h.cursor ?? cursor;
          // The cursor is the one of the last line handed on so far.
          const text = Buffer.concat(handed).toString('utf8').trimEnd().split('\n');
          expect(cursor).toBe(JSON.parse(text.at(-1)!).__CURSOR);
        }
        const rest = cut.end();
        if (rest) handed.push(rest.bytes);
        expect(Buffer.concat(handed).equals(all)).toBe(true);
        expect(rest?.cursor ?? cursor).toBe(cursorOf(msgs.length - 1));
      }),
    );
  });

  it('a stream cut short, then resumed after the cursor, gives each entry exactly once', () => {
    fc.assert(
      fc.property(messages, points, fc.nat(), fc.boolean(), (msgs, cuts, at, grepStage) => {
        const { lines, all } = journal(msgs);
        const end = at % (all.length + 1);
        let received = all.subarray(0, end);
        // A grep stage ends a cut last line with a newline of its own.
        if (grepStage && end > 0 && received.at(-1) !== 0x0a)
          received = Buffer.concat([received, Buffer.from('\n')]);
        const cut = new WholeLines();
        const handed: Buffer[] = [];
        let cursor: string | undefined;
        for (const chunk of chunks(received, cuts)) {
          const h = cut.take(chunk);
          if (!h) continue;
          handed.push(h.bytes);
          cursor = h.cursor ?? cursor;
        }
        cut.drop();
        // The next read starts after the cursor (journalctl --after-cursor).
        const next =
          cursor === undefined ? 0 : Number.parseInt(cursor.split(';')[1]!.slice(2), 16) + 1;
        const whole = Buffer.concat([...handed, ...lines.slice(next)]);
        expect(whole.equals(all)).toBe(true);
        // Nothing received whole is held back.
        const wholeLines = all.subarray(0, end).toString('utf8').split('\n').length - 1;
        expect(next).toBeGreaterThanOrEqual(wholeLines);
      }),
    );
  });

  it('keeps back a last line that is no whole entry until more follows it', () => {
    const cut = new WholeLines();
    const entry = `{"__CURSOR":"${cursorOf(1)}","MESSAGE":"type=audit"}\n`;
    expect(cut.take(Buffer.from(`${entry}{"__CURSOR":"s=ab12;i=2`))).toEqual({
      bytes: Buffer.from(entry),
      cursor: cursorOf(1),
    });
    // The cut line, ended by grep's newline: not handed on...
    expect(cut.take(Buffer.from('\n'))).toBeUndefined();
    // ...unless more follows it (then it was no cut line: a line of another kind).
    const h = cut.take(Buffer.from(entry.replace(cursorOf(1), cursorOf(3))));
    expect(h?.bytes.toString()).toBe(
      `{"__CURSOR":"s=ab12;i=2\n${entry.replace(cursorOf(1), cursorOf(3))}`,
    );
    expect(h?.cursor).toBe(cursorOf(3));
  });
});
