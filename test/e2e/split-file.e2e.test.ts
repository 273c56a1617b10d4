// A large file is read on worker threads, in byte ranges cut at line ends.
// These run the built modules (`npm test` builds first), because a worker
// thread loads the compiled file-worker.js: the threads here are real.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

type Consume = typeof import('../../src/sources/consume.js');
type Aggregate = typeof import('../../src/report/aggregate.js');
type Build = typeof import('../../src/report/build-report.js');
type Split = typeof import('../../src/sources/split-file.js');

const dist = join(import.meta.dirname, '..', '..', 'dist');
const { consume } = (await import(join(dist, 'sources', 'consume.js'))) as Consume;
const { Aggregator } = (await import(join(dist, 'report', 'aggregate.js'))) as Aggregate;
const { buildReport } = (await import(join(dist, 'report', 'build-report.js'))) as Build;
const { lineRanges } = (await import(join(dist, 'sources', 'split-file.js'))) as Split;
const { fileInput } = (await import(
  join(dist, 'sources', 'input.js')
)) as typeof import('../../src/sources/input.js');

const journals = join(import.meta.dirname, '..', '..', 'fixtures', 'journals');
const dir = tempDir('a2g-split-');

/** Every rendered fixture journal, one after the other: all formats, dialects and quirks. */
function corpus(): string {
  const path = join(dir, 'all.log');
  const parts: Buffer[] = [];
  for (const set of readdirSync(journals).sort())
    for (const file of readdirSync(join(journals, set)).sort())
      parts.push(readFileSync(join(journals, set, file)));
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

async function report(path: string, threads: number, groupsPerMessage?: number) {
  const agg = new Aggregator({ allowed: true });
  const status = await consume(fileInput(path), agg, {
    maxLine: 1024 * 1024,
    threads,
    splitAbove: 0,
    ...(groupsPerMessage ? { groupsPerMessage } : {}),
  });
  status.seconds = 0;
  const built = buildReport(agg, {
    version: '0.0.0-test',
    now: new Date(0),
    inputs: [status],
    maxLine: 1024 * 1024,
    accounts: new Set(),
    analysis: { evidence: 'all' },
  });
  // As the json report writes it: samples are read from the file then.
  return JSON.parse(JSON.stringify(built)) as typeof built;
}

describe('reading one file on several threads', () => {
  it('gives the report one thread gives, line numbers and samples included', async () => {
    const path = corpus();
    const one = await report(path, 1);
    expect(one.stats.denyRecords).toBeGreaterThan(50);
    expect(one.stats.malformed + one.stats.suspicious).toBeGreaterThan(0);
    for (const threads of [2, 3, 7]) {
      expect(lineRanges(path, readFileSync(path).length, threads).length).toBe(threads);
      expect(await report(path, threads)).toEqual(one);
    }
  });

  it('gives it too when the workers hand their groups over one by one', async () => {
    const path = corpus();
    const one = await report(path, 1);
    expect(one.accounts.length).toBeGreaterThan(3);
    expect(await report(path, 3, 1)).toEqual(one);
  });

  it('gives it for journals where a worker only counts some wordings and makes the groups of others', async () => {
    // Workers count a new wording of a denial read on bytes and make its group
    // only when they must: a host or reason past the names it can mark, or the
    // same wording read as text (a non-ASCII reason). The main thread reads the
    // first records of wordings it lacks again. Records of one group in two
    // wordings (Marathon and Bouncer) and invalid ids are mixed in.
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(journalLine, { minLength: 200, maxLength: 600 }), async (lines) => {
        const path = join(dir, `wordings-${n++}.log`);
        writeFileSync(path, `${lines.join('\n')}\n`);
        const one = await report(path, 1);
        expect(await report(path, 3)).toEqual(one);
      }),
      { numRuns: 25 },
    );
  });

  it('lists the accounts of allow records (--account) as one thread does', async () => {
    const path = corpus();
    const allowAccounts = async (threads: number) => {
      const agg = new Aggregator({ allowAccounts: true });
      await consume(fileInput(path), agg, { maxLine: 1024 * 1024, threads, splitAbove: 0 });
      return agg.allowAccounts!.list().sort();
    };
    const one = await allowAccounts(1);
    expect(one).toContain('bootstrapuser');
    for (const threads of [3, 7]) expect(await allowAccounts(threads)).toEqual(one);
  });

  it('cuts only after a line end, covering the file once', () => {
    const lines = ['a', 'bb', 'x'.repeat(5000), '', 'tail without newline'];
    const path = join(dir, 'cuts.log');
    const bytes = Buffer.from(lines.join('\n'));
    writeFileSync(path, bytes);
    for (const parts of [1, 2, 3, 8, 40]) {
      const ranges = lineRanges(path, bytes.length, parts);
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(bytes.length);
      for (let i = 0; i < ranges.length; i++) {
        const [start, end] = ranges[i]!;
        expect(end).toBeGreaterThan(start);
        if (i > 0) {
          expect(start).toBe(ranges[i - 1]![1]);
          expect(bytes[start - 1]).toBe(0x0a);
        }
      }
      expect(ranges.length).toBeLessThanOrEqual(Math.min(parts, lines.length));
    }
  });

  it('reads a file of one line without a line end in one range', () => {
    const path = join(dir, 'one.log');
    writeFileSync(path, 'y'.repeat(100_000));
    expect(lineRanges(path, 100_000, 4)).toEqual([[0, 100_000]]);
  });
});

/** Lines of few accounts and ids, many hosts and reasons, in ways the byte reader reads and does not. */
const journalLine = fc
  .record({
    kind: fc.constantFrom('marathon', 'bouncer', 'adminrouter', 'noise'),
    uid: fc.constantFrom('svc-a', 'svc-b', 'cicd', 'x'.repeat(120)),
    app: fc.integer({ min: 0, max: 3 }),
    host: fc.oneof(
      fc.constantFrom('m1', 'm2'),
      fc.integer({ min: 0, max: 45 }).map((h) => `agent-${h}`),
    ),
    reason: fc.constantFrom(
      'no matching ACL',
      'expired',
      'déni',
      ...Array.from({ length: 6 }, (_, i) => `r${i}`),
    ),
    second: fc.integer({ min: 0, max: 59 }),
    result: fc.constantFrom('deny', 'deny', 'deny', 'allow'),
  })
  .map(({ kind, uid, app, host, reason, second, result }) => {
    const ss = String(second).padStart(2, '0');
    const head = `2026-11-22T10:00:${ss}+0000 ${host}`;
    switch (kind) {
      case 'marathon':
        return `${head} marathon.sh[4412]: [2026-11-22 10:00:${ss},120] INFO  timestamp=2026-11-22T10:00:${ss}.120Z type=audit uid=${uid} srcip=10.0.0.9 authorizer=marathon action=UpdateRunSpec path=/dev/app-${app} result=${result} (dcos.marathon.auditlog:pool-3-thread-1)`;
      case 'bouncer':
        return `${head} bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:${ss}.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=update object=dcos:service:marathon:marathon:services:/dev/app-${app} result=${result} reason="${reason}"`;
      case 'adminrouter':
        return `${head} adminrouter.sh[2201]: 2026/11/22 10:00:${ss} [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:${ss}Z authorizer=adminrouter object=dcos:adminrouter:service:app-${app} action=full result=${result} reason="${reason}" srcip=10.0.1.5 srcport=40212 request_uri=/service/app-${app}/v1/status uid=${uid}, client: 10.0.1.5, server: master.mesos, request: "GET /service/app-${app}/v1/status HTTP/1.1", host: "master.mesos"`;
      default:
        return `${head} bouncer.sh[1877]: 127.0.0.1 - - [22/Nov/2026:10:00:08 +0000] "POST /acs/api/v1/internal/policyquery HTTP/1.1" 200 ${second}`;
    }
  });
