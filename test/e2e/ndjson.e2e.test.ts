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
    expect(all.at(-1)).toEqual({
      event: 'end',
      stats: report.stats,
      partial: false,
      warnings: report.warnings,
    });
    expect(denied[0]).toMatchObject({
      host: expect.any(String),
      time: expect.stringMatching(/Z$/),
    });
  });

  it('tells every kind of finding that makes a run exit 1, once each', async () => {
    const stamp = '2026-11-22T10:00:08+0000 master-2';
    const pq = (uid: string, tail: string) =>
      `${stamp} bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=create object=dcos:mesos:master:framework:role:r ${tail}`;
    const input = [
      pq('svc', 'result=deny reason="no matching ACL"'),
      pq('bad\u001b[2J', 'result=deny reason="no matching ACL"'),
      pq('svc', ''),
      `${stamp} marathon.sh[1]: [2026-11-22 10:00:09,120] INFO  timestamp=2026-11-22T10:00:09.120Z type=audit uid=svc srcip=1 srcport=2 dstip=3 dstport=4 authorizer=marathon action=KillTask path=/dev/web result=deny (dcos.marathon.auditlog:pool-3-thread-1)`,
      `${stamp} nginx[2208]: 2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/mesos/master/state uid=metr`,
    ]
      .map((l) => `${l}\n`)
      .join('');
    const [events, report] = await Promise.all([
      runCli(['-f', 'ndjson'], { stdin: input + input }),
      runCli(['-f', 'json'], { stdin: input + input }).then((r) =>
        Report.parse(JSON.parse(r.stdout)),
      ),
    ]);
    const all = lines(events.stdout);
    const told = (kind: string) => all.filter((e) => e.event === kind).length;
    for (const kind of ['invalid', 'unmapped', 'truncated', 'malformed'] as const) {
      expect(report[kind].length, kind).toBe(1);
      expect(told(kind), kind).toBe(1);
    }
    expect(all.find((e) => e.event === 'invalid')).toMatchObject({
      rid: 'dcos:mesos:master:framework:role:r',
    });
    expect(all.find((e) => e.event === 'unmapped')).toMatchObject({
      component: 'marathon',
      action: 'KillTask',
      time: '2026-11-22T10:00:09.120Z',
    });
  });

  it("ends with the report's warnings: messages journald dropped or hid", async () => {
    const quirks = 'fixtures/journals/quirks/short.txt';
    const end = lines((await runCli(['-f', 'ndjson', quirks])).stdout).at(-1);
    expect(end?.event === 'end' && end.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['suppressed', 'blob-data']),
    );
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
      'malformed',
      'invalid',
      'unmapped',
      'truncated',
      'source',
      'end',
    ]);
    expect((await runCli(['schema'])).stdout).toBe((await runCli(['schema', 'json'])).stdout);
  });
});

describe('-f ndjson --follow', () => {
  it('tells each input one last state: done, or failed for a file that never appeared', async () => {
    const missing = join(tempDir('a2g-ndjson-'), 'never.log');
    const r = await runCli(['--follow', '--for', '200ms', '-f', 'ndjson', DEMO, missing]);
    const last = lines(r.stdout).filter(
      (e) => e.event === 'source' && (e.state === 'done' || e.state === 'failed'),
    );
    const told = last.map((e) => (e.event === 'source' ? `${e.source} ${e.state}` : ''));
    expect(told.sort()).toEqual([`${missing} failed`, `${DEMO} done`].sort());
    expect(r.code).toBe(3);
  });
});
