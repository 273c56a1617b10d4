import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/schema.js';
import type { TimeWindow } from '../../src/report/time-window.js';
import { analyze } from '../helpers/analyze.js';
import { SEEDS } from '../helpers/record-lines.js';

/**
 * --since/--until: the report of random records read with a window is the
 * report of the same records filtered by time beforehand, with what was
 * left out counted. A record is placed by its journal time (short-iso on
 * the byte reader's path, json's __REALTIME_TIMESTAMP on the parser's),
 * else by its own timestamp= (-o cat); one with neither is left out and
 * counted as untimed.
 */

/** The messages of the seeds with a journal prefix of `<ISO time> <host> <ident>: `. */
const MESSAGES = SEEDS.filter((l) => /^\d{4}-\d\d-\d\dT/.test(l)).map((l) =>
  l.split(' ').slice(3).join(' '),
);
/** A record's own time: -o cat lines get the time of the record there, or none. */
const OWN = /timestamp=\d{4}-\d\d-\d\d[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)/;

it('every message has a time of its own to replace', () => {
  for (const m of MESSAGES) expect(m).toMatch(OWN);
});

/**
 * Lines holding a record that is malformed or suspicious: placed by their
 * journal time as records are, and untimed without one (their own
 * timestamp= is not read: nothing of such a record is trusted).
 */
const PROBLEMS = [
  '[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=a uid=b action=create object=dcos:mesos:master:framework:role:r result=deny reason=x',
  '[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=a action=create object=dcos:mesos:master:framework:role:r',
];

it('every problem line is one: malformed or suspicious', async () => {
  for (const m of PROBLEMS) {
    const { stats } = await analyze(`${m}\n`);
    expect(stats.malformed + stats.suspicious, m).toBe(1);
  }
});

const FROM = Date.UTC(2026, 10, 20);
const SPAN = 5 * 86_400_000;

type Line = { text: string; at: number | undefined; problem?: true };

const record = fc
  .tuple(
    fc.integer({ min: 0, max: MESSAGES.length + PROBLEMS.length - 1 }),
    fc.integer({ min: 0, max: SPAN }),
    fc.constantFrom('short-iso', 'json', 'cat', 'cat untimed'),
  )
  .map(([i, offset, format]): Line => {
    const problem = i >= MESSAGES.length;
    const message = problem ? PROBLEMS[i - MESSAGES.length]! : MESSAGES[i]!;
    const line = (l: Line): Line => (problem ? { ...l, problem } : l);
    const ms = FROM + offset;
    const seconds = ms - (ms % 1000);
    const iso = (t: number) => new Date(t).toISOString().replace('.000Z', '+0000');
    switch (format) {
      case 'short-iso':
        return line({ text: `${iso(seconds)} master-1 unit.sh[42]: ${message}`, at: seconds });
      case 'json':
        return line({
          text: JSON.stringify({
            __REALTIME_TIMESTAMP: String(ms * 1000 + 999),
            _HOSTNAME: 'master-2',
            SYSLOG_IDENTIFIER: 'unit',
            MESSAGE: message,
          }),
          at: ms,
        });
      default: {
        if (problem) return line({ text: message, at: undefined });
        const untimed = format === 'cat untimed';
        const own = untimed ? '' : `timestamp=${new Date(ms).toISOString()}`;
        return { text: message.replace(OWN, own), at: untimed ? undefined : ms };
      }
    }
  });

/** The report without what a window changes: lines and records left out, and what it says of them. */
function comparable(report: Report) {
  const { lines: _l, outsideWindow: _o, untimed: _u, ...stats } = report.stats;
  const changed = ['untimed', 'nothing-in-window', 'no-audit-records'];
  return {
    ...report,
    inputs: report.inputs.map(({ lines: _x, bytes: _y, records: _z, ...rest }) => rest),
    stats,
    window: undefined,
    warnings: report.warnings.filter((w) => !changed.includes(w.code)),
  };
}

/** `value` with every sample's line number `n` replaced by `lineOf(n)`. */
function renumbered<T>(value: T, lineOf: (n: number) => number): T {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    v &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    'source' in v &&
    'line' in v &&
    key !== 'inputs'
      ? { ...v, line: lineOf(v.line) }
      : v,
  );
}

const instant = (lines: Line[]) =>
  fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: FROM - 1000, max: FROM + SPAN + 1000 }),
    // The very time of a record: both ends are inclusive.
    fc.constantFrom(...lines.map((l) => l.at).filter((t) => t !== undefined), FROM),
  );

describe('a time window', () => {
  it('gives the report of the records filtered by time beforehand, counting what it left out', async () => {
    const input = fc
      .array(record, { minLength: 1, maxLength: 40 })
      .chain((lines) => fc.tuple(fc.constant(lines), instant(lines), instant(lines), fc.boolean()));
    await fc.assert(
      fc.asyncProperty(input, async ([lines, a, b, allowed]) => {
        const window: TimeWindow = {};
        if (a !== undefined) window.since = b === undefined ? a : Math.min(a, b);
        if (b !== undefined) window.until = a === undefined ? b : Math.max(a, b);
        const inside = (t: number | undefined) =>
          t !== undefined &&
          (window.since === undefined || t >= window.since) &&
          (window.until === undefined || t <= window.until);
        // A line that is no record, so that no input is ever empty.
        const text = (ls: Line[]) => `${[...ls.map((l) => l.text), 'hello'].join('\n')}\n`;
        const analysis = { evidence: allowed ? ('all' as const) : ('denied' as const) };
        const kept = lines.filter((l) => inside(l.at));
        const windowed = await analyze(text(lines), { window, analysis });
        const filtered = await analyze(text(kept), { analysis });
        // Samples name the line where it is in the source: line n of the filtered text is there.
        const place = [...lines.flatMap((l, i) => (inside(l.at) ? [i + 1] : [])), lines.length + 1];
        const asRead = renumbered(filtered, (n) => place[n - 1]!);
        expect(comparable(windowed)).toEqual(comparable(asRead));
        const outside = lines.length - kept.length;
        expect(windowed.stats.outsideWindow).toBe(outside);
        expect(windowed.stats.untimed).toBe(lines.filter((l) => l.at === undefined).length);
        expect(windowed.stats.lines).toBe(filtered.stats.lines + outside);
        const codes = windowed.warnings.map((w) => w.code);
        expect(codes.includes('untimed')).toBe((windowed.stats.untimed ?? 0) > 0);
        // No record in the window: a malformed or suspicious line in it is none.
        const keptRecords = kept.filter((l) => !l.problem).length;
        expect(codes.includes('nothing-in-window')).toBe(outside > 0 && keptRecords === 0);
        expect(windowed.window).toEqual({
          since: window.since === undefined ? null : new Date(window.since).toISOString(),
          until: window.until === undefined ? null : new Date(window.until).toISOString(),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('no window: no count of it, and the report as before', async () => {
    const r = await analyze(`${MESSAGES.join('\n')}\n`);
    expect(r.stats.outsideWindow).toBeUndefined();
    expect(r.stats.untimed).toBeUndefined();
    expect(r.window).toBeUndefined();
    expect(Object.keys(r)).not.toContain('window');
  });
});
