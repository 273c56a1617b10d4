// -f ndjson without --follow: the events of one read, each valid against the
// schema `audit2grant schema ndjson` prints, the last one `end`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NdjsonEvent } from '../../src/report/events.js';
import { Report } from '../../src/report/schema.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEMO = 'fixtures/demo.log';
const lines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => NdjsonEvent.parse(JSON.parse(l)));

describe('-f ndjson', () => {
  it('writes each finding once as it is first seen, sources, and last the end', async () => {
    const [events, report] = await Promise.all([
      runCli(['-f', 'ndjson', DEMO]),
      runCli(['-f', 'json', DEMO]).then((r) => Report.parse(JSON.parse(r.stdout))),
    ]);
    expect(events.code).toBe(1);
    expect(events.stderr).toBe('');
    const all = lines(events.stdout);
    const denied = all.filter((e) => e.event === 'denied');
    const pairs = report.accounts.flatMap((a) =>
      a.denied.map((d) => `${a.uid} ${d.rid} ${d.action}`),
    );
    expect(denied.map((e) => `${e.uid} ${e.rid} ${e.action}`).sort()).toEqual(pairs.sort());
    expect(all.filter((e) => e.event === 'unattributed')).toHaveLength(report.unattributed.length);
    expect(all.filter((e) => e.event === 'suspicious')).toHaveLength(report.suspicious.length);
    expect(all[0]).toEqual({ event: 'source', source: DEMO, state: 'reading' });
    expect(all.at(-2)).toEqual({ event: 'source', source: DEMO, state: 'done' });
    expect(all.at(-1)).toEqual({ event: 'end', stats: report.stats, partial: false });
    expect(denied[0]).toMatchObject({
      host: expect.any(String),
      time: expect.stringMatching(/Z$/),
    });
  });

  it('to an --output file: the events, then the end, written at once', async () => {
    const out = join(tempDir('a2g-ndjson-'), 'events.ndjson');
    const r = await runCli(['-f', 'ndjson', '-o', out, DEMO]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe((await runCli(['-f', 'ndjson', DEMO])).stdout);
  });

  it('an input that gave nothing: a failed source, and a partial end', async () => {
    const r = await runCli(['-f', 'ndjson', '-'], { stdin: '' });
    expect(r.code).toBe(3);
    const all = lines(r.stdout);
    expect(all.at(-2)).toMatchObject({ event: 'source', source: '-', state: 'failed' });
    expect(all.at(-1)).toMatchObject({ event: 'end', partial: true });
  });

  it('audit2grant schema ndjson is the JSON Schema of one event', async () => {
    const r = await runCli(['schema', 'ndjson']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.title).toBe('audit2grant ndjson event');
    const kinds = schema.oneOf.map(
      (s: { properties: { event: { const: string } } }) => s.properties.event.const,
    );
    expect(kinds).toEqual([
      'denied',
      'unattributed',
      'authentication-failure',
      'suspicious',
      'source',
      'end',
    ]);
    expect((await runCli(['schema'])).stdout).toBe((await runCli(['schema', 'json'])).stdout);
  });
});
