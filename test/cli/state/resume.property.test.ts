import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StateOptions } from '../../../src/cli/state/schema.js';
import { StateSession } from '../../../src/cli/state/session.js';
import { readState } from '../../../src/cli/state/store.js';
import { Aggregator } from '../../../src/report/aggregate.js';
import { consume } from '../../../src/sources/consume.js';
import { fileInput, type Input } from '../../../src/sources/input.js';
import { JournalCursors } from '../../../src/sources/journal-cursors.js';
import { fileKey, TrackedFile } from '../../../src/sources/tracked-file.js';
import { editedLine, SEEDS } from '../../helpers/record-lines.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Runs sharing a state file add up to one run: an input cut at any points
// (mid-line too) and read in turns, each run reading what is new, leaves in
// the state exactly the findings of one run over the whole input.

const dir = tempDir('a2g-resume-');
let files = 0;
const OPTIONS: StateOptions = { accounts: [], evidence: 'denied', securityMode: 'strict' };
const KEPT = { allowed: false, allowAccounts: false };

const corpus = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SEEDS) },
    { weight: 1, arbitrary: editedLine },
  ),
  { minLength: 1, maxLength: 40 },
);

const distinctLines = fc.uniqueArray(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SEEDS) },
    { weight: 1, arbitrary: editedLine },
  ),
  { minLength: 1, maxLength: 40 },
);

/** One run over the file at `path`, or over `text` in a file of its own. */
async function wholeRun(text: string, path = join(dir, `whole-${files++}.log`)) {
  writeFileSync(path, text);
  const agg = new Aggregator(KEPT);
  await consume(fileInput(path), agg, { maxLine: 1 << 20 });
  return agg.snapshot();
}

/**
 * One run with the state: reads what is new of `input(resume)`, saves. With
 * `stopAfter`, interrupted (as by Ctrl-C) once that many small windows of
 * bytes were read, and saved then, as an interrupted run saves.
 */
async function stateRun(state: string, make: (session: StateSession) => Input, stopAfter?: number) {
  const session = StateSession.open(state, OPTIONS, 'test', KEPT);
  try {
    const made = make(session);
    const interrupt = new AbortController();
    const input = stopAfter === undefined ? made : interrupted(made, stopAfter, interrupt);
    const agg = new Aggregator(KEPT);
    const status = await consume(input, agg, { maxLine: 1 << 20, signal: interrupt.signal });
    expect(
      status.error === null ||
        /nothing read/.test(status.error) ||
        (stopAfter !== undefined && status.error === 'interrupted'),
    ).toBe(true);
    session.save(agg.snapshot(), [made]);
  } finally {
    session.close();
  }
}

/** `input` read 61 bytes at a time, interrupted after `windows` of them. */
function interrupted(input: Input, windows: number, interrupt: AbortController): Input {
  const readInto = input.readInto!.bind(input);
  let pushed = 0;
  return {
    ...input,
    source: input.source,
    open: () => input.open(),
    readInto: (reader, signals) =>
      readInto(
        {
          window: reader.window.subarray(0, 61),
          push(n) {
            const more = reader.push(n);
            if (++pushed >= windows) interrupt.abort();
            return more;
          },
          pending: () => reader.pending(),
          endOfFile: () => reader.endOfFile(),
          lineNumber: () => reader.lineNumber(),
          newFile: (linesBefore) => reader.newFile(linesBefore),
          lineBefore: (line) => reader.lineBefore(line),
        },
        signals,
      ),
  };
}

describe('runs sharing a state file', () => {
  it('over a file growing in parts cut anywhere, find what one run over the whole finds', async () => {
    await fc.assert(
      fc.asyncProperty(corpus, fc.array(fc.nat(), { maxLength: 4 }), async (lines, cutsAt) => {
        const text = lines.map((l) => `${l}\n`).join('');
        const bytes = Buffer.from(text);
        const cuts = [...new Set(cutsAt.map((c) => c % bytes.length))].sort((a, b) => a - b);
        const bounds = [0, ...cuts, bytes.length];
        const path = join(dir, `grown-${files++}.log`);
        const state = join(dir, `grown-state-${files}.json`);
        writeFileSync(path, '');
        for (let i = 0; i + 1 < bounds.length; i++) {
          appendFileSync(path, bytes.subarray(bounds[i]!, bounds[i + 1]!));
          await stateRun(state, (session) => {
            const resume = session.positionOf(fileKey(path));
            return new TrackedFile(path, {
              follow: false,
              note: () => {},
              resume: resume?.kind === 'file' ? resume : undefined,
            });
          });
        }
        // The grown file is the whole input now: one run over it, without a state.
        expect(readState(state)!.findings).toEqual(await wholeRun(text, path));
      }),
      { numRuns: 100 },
    );
  });

  it('over a file rotated between runs (renamed, compressed, copied and truncated, more than once), find what one run finds', async () => {
    const rotation = fc.constantFrom('append', 'rename', 'gzip', 'copytruncate');
    await fc.assert(
      fc.asyncProperty(
        // Lines told apart: a file truncated and written again with the same first bytes
        // is taken as appended to (docs/state.md, Limits).
        distinctLines,
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.array(rotation, { minLength: 1, maxLength: 3 }),
            // A run interrupted after that many windows read (as by Ctrl-C), or not.
            fc.option(fc.integer({ min: 1, max: 300 })),
          ),
          { maxLength: 4 },
        ),
        async (lines, steps) => {
          const text = lines.map((l) => `${l}\n`);
          const at = `${dir}/rotated-${files++}`;
          mkdirSync(at);
          const path = join(at, 'x.log');
          const state = join(dir, `rotated-state-${files}.json`);
          const cuts = [...new Set(steps.map(([c]) => c % text.length))].sort((a, b) => a - b);
          const run = (stopAfter?: number) =>
            stateRun(
              state,
              (session) => {
                const resume = session.positionOf(fileKey(path));
                return new TrackedFile(path, {
                  follow: false,
                  note: () => {},
                  resume: resume?.kind === 'file' ? resume : undefined,
                });
              },
              stopAfter,
            );
          writeFileSync(path, '');
          let from = 0;
          let readSome = false;
          for (const [i, cut] of [...cuts, text.length].entries()) {
            // Each rotation between two runs moves what x.log held so far, lines written before and after it.
            // A file nothing was read of cannot be told by its content (the run says what
            // may be missing): rotated only once the last run read some of it.
            const how = readSome ? (steps[i]?.[1] ?? ['append']) : ['append'];
            const part = text.slice(from, cut);
            from = cut;
            for (const [j, step] of how.entries()) {
              appendFileSync(
                path,
                part.slice(j * 2, j === how.length - 1 ? undefined : j * 2 + 2).join(''),
              );
              rotate(at, step);
            }
            await run(steps[i]?.[2] ?? undefined);
            const saved = readState(state)?.inputs[0]?.position;
            readSome = saved?.kind === 'file' && saved.offset > 0;
          }
          // What an interrupted last run left.
          await run();
          const whole = await wholeRun(text.join(''));
          expect(withoutPlaces(readState(state)!.findings)).toEqual(withoutPlaces(whole));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('over a JSON journal piped in again from its start each time, count each entry once', async () => {
    await fc.assert(
      fc.asyncProperty(corpus, fc.array(fc.nat(), { maxLength: 4 }), async (lines, cutsAt) => {
        // journalctl -o json: one object an entry, each with its cursor, of two hosts.
        const entries = lines.map((l, i) =>
          JSON.stringify({
            __CURSOR: `s=abc;i=${(i + 1).toString(16)};b=b;m=1;t=2;x=3`,
            _HOSTNAME: `m${i % 2}`,
            MESSAGE: l,
          }),
        );
        const cuts = [...new Set(cutsAt.map((c) => c % entries.length))].sort((a, b) => a - b);
        const state = join(dir, `piped-state-${files++}.json`);
        for (const end of [...cuts, entries.length]) {
          const path = join(dir, `piped-${files++}.json`);
          writeFileSync(
            path,
            entries
              .slice(0, end)
              .map((e) => `${e}\n`)
              .join(''),
          );
          await stateRun(state, (session) => {
            const saved = session.positionOf('stdin');
            const cursors = new JournalCursors(
              '-',
              saved?.kind === 'journal-per-host' ? saved.cursors : {},
            );
            return {
              ...fileInput(path),
              source: '-',
              key: 'stdin',
              cursors,
              position: () => cursors.position(),
            };
          });
        }
        const whole = await wholeRun(entries.map((e) => `${e}\n`).join(''));
        const saved = readState(state)!.findings;
        // Samples name the file each run read; everything else is one run's.
        const unsourced = (s: typeof whole) =>
          JSON.parse(JSON.stringify(s).replace(/"source":"[^"]*"/g, '"source":"-"'));
        expect(unsourced(saved)).toEqual(unsourced(whole));
      }),
      { numRuns: 60 },
    );
  });
});

/** logrotate's ways: x.log.N to x.log.N+1, then x.log to x.log.1 (compressed), or copied there and truncated. */
function rotate(at: string, how: string): void {
  if (how === 'append') return;
  const path = join(at, 'x.log');
  const numbered = readdirSync(at)
    .map((name) => /^x\.log\.(\d+)(\.gz)?$/.exec(name))
    .filter((m) => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  for (const m of numbered)
    renameSync(join(at, m[0]), join(at, `x.log.${Number(m[1]) + 1}${m[2] ?? ''}`));
  if (how === 'copytruncate') {
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    return;
  }
  renameSync(path, `${path}.1`);
  if (how === 'gzip') {
    writeFileSync(`${path}.1.gz`, gzipSync(readFileSync(`${path}.1`)));
    unlinkSync(`${path}.1`);
  }
  writeFileSync(path, '');
}

/** A snapshot without where its samples were: a rotated file numbers its lines from 1 again. */
const withoutPlaces = (s: object) =>
  JSON.parse(JSON.stringify(s).replace(/"source":"[^"]*","line":\d+/g, '"source":"-","line":1'));

// The helpers agree with a real state file's bytes: it is JSON, one document.
it('writes one JSON document', async () => {
  const state = join(dir, 'one.json');
  const path = join(dir, 'one.log');
  writeFileSync(path, `${SEEDS[2]}\n`);
  await stateRun(state, () => new TrackedFile(path, { follow: false, note: () => {} }));
  expect(() => JSON.parse(readFileSync(state, 'utf8'))).not.toThrow();
});
