import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { stripEscapes, tooWide } from '../helpers/screen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { runInTerminal } from '../helpers/terminal.js';

/**
 * The built binary in a real pseudo-terminal (tmux) 80 and 120 columns
 * wide, and in a pipe: on the terminal the table fits and is coloured; in a
 * pipe it is the golden bytes.
 */

const DEMO = 'fixtures/demo.log';
const GOLDEN = readFileSync(join(ROOT, 'test', 'golden', '__golden__', 'demo.table.txt'), 'utf8');
const ESC = '\x1b[';
const tmp = tempDir('a2g-terminal-');

describe.each([80, 120])('on a terminal %i columns wide', (width) => {
  it('the demo fits: no line wrapped by the terminal; headings bold, the risky grant coloured', async () => {
    const r = await runInTerminal([DEMO], { width });
    expect(r.code).toBe(1);
    expect(tooWide(r.screen, width)).toEqual([]);
    // The piped table wraps on this terminal: the test would see it.
    expect(tooWide(GOLDEN, width).length).toBeGreaterThan(0);
    expect(r.screen).toMatch(/^Account kafka-principal: 6 denied permissions$/m);
    expect(r.screen).toMatch(/^Read 263 lines from 1 input: /m);
    expect(r.escaped).toContain(`${ESC}1mpermission`);
    expect(r.escaped).toContain(`${ESC}1mAccount kafka-principal`);
    expect(r.escaped).toContain(`${ESC}33mdcos:mesos:master:task:user:root`);
    expect(r.escaped).toContain(`${ESC}2mdcos:mesos:master:task:user:alice`);
  });

  it('NO_COLOR: the same screen without a colour', async () => {
    const [colour, plain] = await Promise.all([
      runInTerminal([DEMO], { width }),
      runInTerminal([DEMO], { width, env: { NO_COLOR: '1' } }),
    ]);
    expect(plain.escaped).not.toContain(ESC);
    expect(plain.screen).toBe(colour.screen);
    const zero = await runInTerminal([DEMO], { width, env: { FORCE_COLOR: '0' } });
    expect(zero.escaped).not.toContain(ESC);
  });

  it('--explain and templates kafka fit too', async () => {
    const explain = await runInTerminal(['--explain', DEMO], { width });
    expect(explain.code).toBe(1);
    expect(explain.screen).toMatch(/^Why \(--explain\):$/m);
    expect(tooWide(explain.screen, width)).toEqual([]);
    const kafka = await runInTerminal(['templates', 'kafka'], { width });
    expect(kafka.code).toBe(0);
    expect(kafka.screen).toMatch(/^Rows for DC\/OS 2\.2$/m);
    expect(tooWide(kafka.screen, width)).toEqual([]);
    expect(kafka.escaped).toContain(`${ESC}1mTemplate kafka:`);
  });

  it('-o writes the table to its file as piped, full width and plain', async () => {
    const out = join(tmp, `table-${width}.txt`);
    const r = await runInTerminal(['-o', out, DEMO], { width });
    expect(r.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe(GOLDEN);
  });
});

describe('in a pipe', () => {
  // Empty: as if not set.
  const unset = { NO_COLOR: '', FORCE_COLOR: '' };

  it('the golden bytes: full width, no escapes', async () => {
    const r = await runCli([DEMO], { env: { ...unset, COLUMNS: '80' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(GOLDEN);
  });

  it('FORCE_COLOR colours it, full width; FORCE_COLOR=0 does not', async () => {
    const forced = await runCli([DEMO], { env: { ...unset, FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(forced.stdout).toContain(`${ESC}33mdcos:mesos:master:task:user:root`);
    expect(stripEscapes(forced.stdout)).toBe(GOLDEN);
    const zero = await runCli([DEMO], { env: { ...unset, FORCE_COLOR: '0' } });
    expect(zero.stdout).toBe(GOLDEN);
  });
});

describe('--help on a terminal', () => {
  it('fits 80 columns; on a narrow one each option says what it does under it, wrapped', async () => {
    for (const args of [['--help'], ['help', 'verify']]) {
      const wide = await runInTerminal(args, { width: 80 });
      expect(wide.code).toBe(0);
      expect(tooWide(wide.screen, 80)).toEqual([]);
    }
    const narrow = await runInTerminal(['--help'], { width: 50 });
    const options = narrow.screen.slice(narrow.screen.indexOf('\nOptions:'));
    const items = options.slice(0, options.indexOf('\nFormats (-f):'));
    expect(items).toMatch(/^ {2}-f, --format <format>\n {6}output format/m);
    expect(tooWide(items, 50)).toEqual([]);
  });
});
