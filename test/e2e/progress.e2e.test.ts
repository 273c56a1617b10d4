// The status line while files and stdin are read: the built binary in a real
// pseudo-terminal (tmux) reading a FIFO fed in steps, each step waited on by
// what the screen shows, never by a clock; and nothing of it on a stderr that
// is not a terminal, under CI, or on a dumb terminal.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { openTerminal } from '../helpers/terminal.js';

const DEMO = readFileSync(join(ROOT, 'fixtures/demo.log'));
const THIRD = DEMO.indexOf('\n', DEMO.length / 3) + 1;
const TWO_THIRDS = DEMO.indexOf('\n', (2 * DEMO.length) / 3) + 1;
const tmp = tempDir('a2g-progress-');
const STATUS = /^audit2grant: read .*$/m;
/** The status lines on a screen. */
const statusLines = (screen: string) => screen.split('\n').filter((l) => STATUS.test(l));
/** A status line that counts records: drawn after the bytes came. */
const WITH_RECORDS = /^audit2grant: read [1-9].*, [1-9]\d* audit records, /m;

function fifo(name: string): string {
  const path = join(tmp, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** `text` as a regular expression that matches it alone. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The FIFO opened for writing: the open returns once the reader has opened it. */
const writer = (path: string) => open(path, 'w');

describe.each([80, 120])('on a terminal %i columns wide', (width) => {
  it('a slow read: a status line after a second, redrawn in place, gone before the report', async () => {
    const path = fifo(`slow-${width}`);
    const term = await openTerminal([path], { width });
    const w = await writer(path);
    await w.write(DEMO.subarray(0, THIRD));
    const first = await term.waitFor(WITH_RECORDS);
    const [line] = statusLines(first) as [string];
    // A FIFO has no size: no share, no time left.
    expect(line).toMatch(/^audit2grant: read \S+ \S+, \d+ audit records, \S+ \S+\/s$/);
    expect(line.length).toBeLessThan(width);
    // More bytes: the line is redrawn where it is, not written again below.
    await w.write(DEMO.subarray(THIRD, TWO_THIRDS));
    const more = await term.waitFor(new RegExp(`^(?!${literal(line)}$)audit2grant: read .*$`, 'm'));
    expect(statusLines(more)).toHaveLength(1);
    await w.write(DEMO.subarray(TWO_THIRDS));
    await w.close();
    const r = await term.done();
    expect(r.code).toBe(1);
    expect(r.screen).not.toMatch(STATUS);
    expect(r.screen).toMatch(/^Read 263 lines from 1 input: /m);
  });
});

describe('no status line', () => {
  it('when stderr is not a terminal, under CI=true, with TERM=dumb, or under ndjson events on the terminal', async () => {
    // Started first, and their FIFOs opened: each has chosen whether to show a line.
    const pipePath = fifo('pipe');
    const piped = spawn(process.execPath, [BIN, pipePath], {
      cwd: ROOT,
      env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    piped.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    piped.stdout.resume();
    const exited = new Promise<number | null>((resolve) => piped.on('close', resolve));
    const ciPath = fifo('ci');
    const ci = await openTerminal([ciPath], { width: 80, env: { CI: 'true' } });
    const dumbPath = fifo('dumb');
    const dumb = await openTerminal([dumbPath], { width: 80, env: { TERM: 'dumb' } });
    const eventsPath = fifo('events');
    const events = await openTerminal(['-f', 'ndjson', eventsPath], { width: 80 });
    const quiet = [
      await writer(pipePath),
      await writer(ciPath),
      await writer(dumbPath),
      await writer(eventsPath),
    ];
    for (const w of quiet) await w.write(DEMO.subarray(0, THIRD));
    // Then a twin on a terminal: once its line shows, a second has passed for the others too.
    const ttyPath = fifo('tty');
    const tty = await openTerminal([ttyPath], { width: 80 });
    const loud = await writer(ttyPath);
    await loud.write(DEMO.subarray(0, THIRD));
    await tty.waitFor(WITH_RECORDS);
    expect(await ci.screen()).not.toMatch(STATUS);
    expect(await dumb.screen()).not.toMatch(STATUS);
    expect(await events.screen()).not.toMatch(STATUS);
    for (const w of [...quiet, loud]) {
      await w.write(DEMO.subarray(THIRD));
      await w.close();
    }
    expect(await exited).toBe(1);
    expect(stderr).toBe('');
    for (const run of [await ci.done(), await dumb.done(), await events.done(), await tty.done()]) {
      expect(run.code).toBe(1);
      expect(run.screen).not.toMatch(STATUS);
    }
  });
});
