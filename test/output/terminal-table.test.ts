import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/output/table.js';
import { renderCatalog, renderTemplate } from '../../src/output/templates.js';
import type { Report } from '../../src/report/schema.js';
import { analyze } from '../helpers/analyze.js';
import { ROOT } from '../helpers/run-cli.js';
import { compact, records, stripEscapes, together, tooWide } from '../helpers/screen.js';

const CORPORA = [
  'fixtures/demo.log',
  'fixtures/journals/dialects/json.txt',
  'fixtures/journals/meaning/dcos-node-log.txt',
  'fixtures/journals/quirks/json.txt',
] as const;
const WIDTHS = [60, 80, 120, 200] as const;

const load = (file: string) => analyze(readFileSync(join(ROOT, file)), { source: file });
const golden = (name: string) =>
  readFileSync(join(ROOT, 'test', 'golden', '__golden__', name), 'utf8');

/** Every grant is named in full, its permission and action together, under its account. */
function expectEveryGrant(report: Report, text: string): void {
  const recs = records(text);
  for (const a of report.accounts) {
    expect(together(recs, `Account ${a.uid}:`), a.uid).toBe(true);
    for (const g of [...a.denied, ...a.predicted])
      expect(together(recs, g.rid, g.action), `${g.rid} ${g.action}`).toBe(true);
  }
  for (const u of report.unattributed) expect(together(recs, u.rid, u.action)).toBe(true);
  for (const i of report.invalid) expect(together(recs, i.rid, i.action)).toBe(true);
}

describe.each(CORPORA)('the table report of %s on a terminal', (file) => {
  it.each(WIDTHS)('%i columns wide: no line wider, every grant in full', async (width) => {
    const report = await load(file);
    for (const explain of [false, true]) {
      const text = renderTable(report, { explain, terminal: { width, colour: false } });
      expect(tooWide(text, width)).toEqual([]);
      expectEveryGrant(report, text);
      expect(text).not.toContain('\x1b');
    }
  });
});

describe('the demo on a terminal', () => {
  it('as it is piped when the terminal is wider than the table (200 columns)', async () => {
    const report = await load('fixtures/demo.log');
    expect(renderTable(report, { terminal: { width: 200, colour: false } })).toBe(
      golden('demo.table.txt'),
    );
  });

  it('was too wide for 80 and 120 columns when piped: the fitting is needed', async () => {
    const piped = renderTable(await load('fixtures/demo.log'));
    expect(tooWide(piped, 120).length).toBeGreaterThan(40);
  });

  it('at 120 columns: a table, one line per grant, first seen and component left out', async () => {
    const text = renderTable(await load('fixtures/demo.log'), {
      terminal: { width: 120, colour: false },
    });
    expect(text).toContain(
      '│ dcos:mesos:master:framework:role:kafka-role             │ create │ 3     │ 2026-11-22 06:20:40 │ yes   │ denied │',
    );
    expect(text).not.toContain('first seen (UTC) │');
    expect(text).toMatch(
      /^Columns left out to fit the terminal \(120 wide\): first seen \(UTC\), hosts, component;/m,
    );
  });

  it('at 80 columns: permission, action, grant and why; an id too long is wrapped after a colon', async () => {
    const text = renderTable(await load('fixtures/demo.log'), {
      terminal: { width: 80, colour: false },
    });
    expect(text).toContain('│ permission ');
    expect(text).toContain(
      [
        '│ dcos:mesos:master:reservation:principal:           │ delete │ yes   │ denied │',
        '│ kafka-principal                                    │        │       │        │',
      ].join('\n'),
    );
  });

  it('at 60 columns: each grant stacked under its permission and action', async () => {
    const text = renderTable(await load('fixtures/demo.log'), {
      terminal: { width: 60, colour: false },
    });
    expect(text).toContain(
      [
        '  dcos:mesos:master:task:user:root create',
        '    grant: risky: runs tasks as root on the agents',
        '    why: denied',
      ].join('\n'),
    );
    expect(text).not.toContain('│ permission');
  });

  it('in colour: headings bold, the risky grant yellow, the native account dimmed', async () => {
    const report = await load('fixtures/demo.log');
    const riskyRow = golden('demo.table.txt')
      .split('\n')
      .find((l) => l.includes('risky: runs tasks as root'))!;
    for (const width of [undefined, 80, 120]) {
      const text = renderTable(report, { terminal: { width, colour: true } });
      expect(text).toContain('│ \x1b[1mpermission\x1b[22m');
      expect(text).toContain('\x1b[1mAccount kafka-principal: 6 denied permissions\x1b[22m');
      expect(text).toContain('\x1b[33mdcos:mesos:master:task:user:root\x1b[39m');
      expect(text).toContain('\x1b[2mAccount dcos_marathon:');
      expect(text).toContain('\x1b[2mdcos:mesos:master:task:user:alice\x1b[22m');
      // Nothing else is yellow: only the risky grant's row.
      const yellow = [...text.matchAll(/\x1b\[33m([^\x1b]*)\x1b\[39m/g)].map((m) => m[1]!);
      expect(yellow.length).toBeGreaterThanOrEqual(4);
      for (const cell of yellow) expect(riskyRow).toContain(cell);
    }
    // Without a width (FORCE_COLOR in a pipe): the piped text, coloured.
    expect(stripEscapes(renderTable(report, { terminal: { colour: true } }))).toBe(
      golden('demo.table.txt'),
    );
  });
});

describe('a grant never granted, on a terminal', () => {
  it('is red', async () => {
    const report = await load('fixtures/demo.log');
    const account = report.accounts.find((a) => a.uid === 'kafka-principal')!;
    account.denied[0] = { ...account.denied[0]!, grant: 'never', note: 'not grantable' };
    const text = renderTable(report, { terminal: { width: 100, colour: true } });
    expect(text).toContain('\x1b[31mdcos:mesos:agent:task:user:nobody\x1b[39m');
    expect(text).toContain('\x1b[31mno: not grantable\x1b[39m');
  });
});

describe('templates on a terminal', () => {
  it.each(WIDTHS)('%i columns wide: catalog and kafka fit, every row in full', (width) => {
    const terminal = { width, colour: false };
    expect(tooWide(renderCatalog('2.2', false, terminal), width)).toEqual([]);
    for (const spec of ['kafka', 'kafka:service=/team01/prod/kafka,enforceRole=true@kafka-sa']) {
      const text = renderTemplate(spec, '2.2', false, terminal);
      expect(tooWide(text, width)).toEqual([]);
      const piped = renderTemplate(spec, '2.2', false);
      // Each row's permission and action, as the piped table has them.
      const rows = piped
        .split('\n')
        .filter((l) => /^│ \d+ +│/.test(l))
        .map((l) => l.split('│').map((c) => c.trim()));
      expect(rows).toHaveLength(7);
      for (const [, n, rid, action] of rows)
        expect(together(records(text), `${n}`, rid!, action!)).toBe(true);
    }
  });

  it('as piped when wide enough, in colour with bold headings', () => {
    expect(renderTemplate('kafka', '2.2', false, { width: 400, colour: false })).toBe(
      golden('templates/kafka.txt'),
    );
    const text = renderTemplate('kafka', '2.2', false, { colour: true });
    expect(text).toContain('│ \x1b[1m#\x1b[22m │ \x1b[1mpermission\x1b[22m');
    expect(stripEscapes(text)).toBe(golden('templates/kafka.txt'));
    expect(compact(renderCatalog('2.2', false, { width: 80, colour: false }))).toContain(
      compact('Columns left out to fit the terminal (80 wide): rows, DC/OS, parameters'),
    );
  });
});
