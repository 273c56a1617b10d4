// The live view of a follow, in a real pseudo-terminal (tmux) 80 columns
// wide: redrawn in place as findings come, within the width, and gone
// before the report is written. Every wait is for what the screen shows.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { roleRecord } from '../helpers/bouncer-line.js';
import { tooWide } from '../helpers/screen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { openTerminal } from '../helpers/terminal.js';

const dir = tempDir('a2g-live-');

const HEADER = /^audit2grant: following 1 input, \d+ records\/s, last new denial \d+s ago$/gm;

describe('the live view on a terminal 80 columns wide', () => {
  it('shows new findings, counts per account, sources, pace and quiet time; cleared before the report', async () => {
    const path = join(dir, 'master.log');
    writeFileSync(path, roleRecord('svc-a', 1) + roleRecord('svc-b', 1));
    const t = await openTerminal(['--follow', path], { width: 80 });
    let screen = await t.waitFor(/^denied permissions: svc-a 1 \(1 new\), svc-b 1 \(1 new\)$/m);
    expect(screen.match(HEADER)).toHaveLength(1);
    expect(screen).toMatch(/^ {2}\S*master\.log: following$/m);
    // Cut to the width: `(master-1, 10:00:08)` does not fit.
    expect(screen).toMatch(
      /^ {2}new denial: svc-a dcos:mesos:master:reservation:role:r1 create \(master-1, \.\.\.$/m,
    );
    expect(screen).toMatch(/^Ctrl-C ends the follow and writes the report$/m);
    // A finding whose line is wider than the terminal is cut, not wrapped.
    appendFileSync(path, roleRecord(`svc-a`, 2) + roleRecord(`svc-${'x'.repeat(90)}`, 3));
    screen = await t.waitFor(
      /^denied permissions: svc-a 2 \(2 new\), svc-b 1 \(1 new\), svc-x+\.\.\.$/m,
    );
    // Redrawn in place: still one view, every line within the width.
    expect(screen.match(HEADER)).toHaveLength(1);
    expect(tooWide(screen, 79)).toEqual([]);
    expect(screen).toMatch(/^ {2}new denial: svc-x+\.\.\.$/m);
    await t.keys('C-c');
    const r = await t.done();
    expect(r.code).toBe(1);
    expect(r.screen).not.toMatch(HEADER);
    expect(r.screen).not.toMatch(/denied permissions: svc-a/);
    expect(r.screen).not.toMatch(/Ctrl-C ends the follow/);
    expect(r.screen).toMatch(/^audit2grant: following ended: Ctrl-C; writing the report$/m);
    expect(r.screen).toMatch(/^Account svc-a: 2 denied permissions$/m);
    expect(tooWide(r.screen, 80)).toEqual([]);
  });

  it('writes the report for the width the terminal has when the follow ends', async () => {
    const path = join(dir, 'resized.log');
    writeFileSync(path, roleRecord('svc-a', 1));
    const t = await openTerminal(['--follow', path], { width: 80 });
    await t.waitFor(/^denied permissions: svc-a 1 \(1 new\)$/m);
    await t.resize(50);
    await t.keys('C-c');
    const r = await t.done();
    expect(r.code).toBe(1);
    const report = r.screen.slice(r.screen.indexOf('following ended'));
    expect(report).toMatch(/^Account svc-a: 1 denied permission$/m);
    expect(tooWide(report, 50)).toEqual([]);
  });

  it('fits a terminal too short for it: redrawn in place, never pushed into the scrollback', async () => {
    const path = join(dir, 'short.log');
    writeFileSync(path, roleRecord('svc-a', 1));
    const t = await openTerminal(['--follow', path], { width: 80, height: 5 });
    await t.waitFor(/^denied permissions: svc-a 1 \(1 new\)$/m);
    // Three new findings: a view of eight lines, on a terminal of five rows.
    appendFileSync(path, roleRecord('svc-a', 2) + roleRecord('svc-a', 3) + roleRecord('svc-a', 4));
    const screen = await t.waitFor(/^denied permissions: svc-a 4 \(4 new\)$/m);
    // Screen and scrollback hold one view, its last line how to end it.
    expect(screen.match(/^audit2grant: following 1 input/gm)).toHaveLength(1);
    expect(screen).toMatch(/^Ctrl-C ends the follow and writes the report$/m);
    await t.keys('C-c');
    expect((await t.done()).code).toBe(1);
  });

  it('ndjson events on the terminal: no live view drawn over them, every event stays', async () => {
    const path = join(dir, 'events.log');
    writeFileSync(path, roleRecord('svc-a', 1));
    const t = await openTerminal(['--follow', '-f', 'ndjson', path], { width: 120, height: 50 });
    await t.waitFor(/"event":"denied".*"uid":"svc-a"/);
    appendFileSync(path, [2, 3, 4, 5, 6, 7].map((n) => roleRecord('svc-b', n)).join(''));
    const screen = await t.waitFor(/"uid":"svc-b".*:r7"/);
    expect(screen.match(/^\{"event":"denied"/gm)).toHaveLength(7);
    expect(screen).not.toMatch(/following 1 input/);
    // One line per finding on stderr instead.
    expect(screen).toMatch(
      /^audit2grant: new denial: svc-b dcos:mesos:master:reservation:role:r7/m,
    );
    await t.keys('C-c');
    expect((await t.done()).code).toBe(1);
  });

  it.each([
    ['TERM=dumb', { TERM: 'dumb' }],
    ['CI', { CI: 'true' }],
  ])('%s: one line per finding, no view redrawn in place', async (name, env) => {
    const path = join(dir, `plain-${name.replace(/\W/g, '')}.log`);
    writeFileSync(path, roleRecord('svc-a', 1));
    const t = await openTerminal(['--follow', path], { width: 80, env });
    await t.waitFor(/^audit2grant: new denial: svc-a dcos:mesos:master:reservation:role:r1/m);
    appendFileSync(path, roleRecord('svc-a', 2));
    const screen = await t.waitFor(/^audit2grant: new denial: svc-a .*:r2 /m);
    expect(screen).not.toMatch(/following 1 input/);
    expect(screen).not.toMatch(/Ctrl-C ends the follow/);
    await t.keys('C-c');
    expect((await t.done()).code).toBe(1);
  });

  // A closed window or a dropped SSH session: every write to the terminal
  // fails (EIO), and the login shell passes SIGHUP on to its jobs; a job
  // left in the background after `exit` gets no SIGHUP, and is ended later.
  it.each([
    ['the report to a file', ['-f', 'json', '-o', 'report.json'], 'pass'],
    ['the report to the terminal, events as they come', ['-f', 'ndjson'], 'pass'],
    ['no SIGHUP, then SIGTERM', ['-f', 'json', '-o', 'report.json'], 'keep'],
  ] as const)(
    'the terminal closed, %s: the state kept and the lock released',
    async (name, format, hup) => {
      const path = join(dir, `${name}.log`);
      writeFileSync(path, roleRecord('svc-a', 1));
      const state = join(dir, `${name}.state`);
      const out = join(dir, `${name}.json`);
      const args = format.map((a) => (a === 'report.json' ? out : a));
      const t = await openTerminal(['--follow', '--state', state, ...args, path], {
        width: 80,
        jobOfShell: hup,
      });
      await t.waitFor(/svc-a dcos:mesos:master:reservation:role:r1/);
      // Ended by SIGHUP itself, as a process the hangup ended: not 134 (SIGABRT,
      // Node's check of the terminal it restores), nor 1 (an error on a write).
      expect(await t.hangUp(hup === 'keep' ? 'SIGTERM' : undefined)).toBe(129);
      expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ runs: 1 });
      expect(readFileSync(state, 'utf8')).toContain('svc-a');
      expect(existsSync(`${state}.lock`)).toBe(false);
      if (args.includes(out)) {
        const report = Report.parse(JSON.parse(readFileSync(out, 'utf8')));
        expect(report.partial).toBe(false);
        expect(report.accounts.map((a) => a.uid)).toEqual(['svc-a']);
      }
    },
  );
});
