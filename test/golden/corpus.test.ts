import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/schema.js';
import { analyze } from '../helpers/analyze.js';

const ROOT = join(import.meta.dirname, '..', '..');
const JOURNALS = join(ROOT, 'fixtures', 'journals');
const load = (corpus: string, render: string) =>
  analyze(readFileSync(join(JOURNALS, corpus, `${render}.txt`)));

/** What a render can say about a denial: cat and dcos node log's newer forms show no host. */
function denials(report: Report, withHosts: boolean) {
  return report.accounts.flatMap((a) =>
    a.denied.map((d) => ({
      uid: a.uid,
      rid: d.rid,
      action: d.action,
      count: d.count,
      firstSeen: d.firstSeen,
      lastSeen: d.lastSeen,
      components: d.components,
      ...(withHosts ? { hosts: d.hosts } : {}),
    })),
  );
}

const renders = (corpus: string) =>
  readdirSync(join(JOURNALS, corpus)).map((f) => f.replace(/\.txt$/, ''));
const HOSTLESS = new Set(['cat', 'dcos-node-log']);
/** Corpora whose dcos-node-log render is dcos-log's text form, which names the host. */
const NODE_LOG_HOSTS = new Set(['meaning']);

describe.each(['demo', 'dialects', 'meaning', 'quirks', 'templates'])(
  'corpus %s read in every journalctl format',
  (corpus) => {
    it("every render that shows all messages gives the json render's denials", async () => {
      const reference = await load(corpus, 'json');
      for (const render of renders(corpus)) {
        const report = await load(corpus, render);
        if (report.stats.blobLines > 0) continue; // checked below
        const withHosts =
          !HOSTLESS.has(render) || (render === 'dcos-node-log' && NODE_LOG_HOSTS.has(corpus));
        expect(denials(report, withHosts), render).toEqual(denials(reference, withHosts));
        expect(report.stats.records, render).toBe(reference.stats.records);
        expect(report.stats.suspicious, render).toBe(reference.stats.suspicious);
      }
    });

    it('a render hiding messages as blob data loses exactly those, and says so', async () => {
      const reference = await load(corpus, 'json');
      for (const render of renders(corpus)) {
        const report = await load(corpus, render);
        if (report.stats.blobLines === 0) continue;
        // Each hidden message is at most one lost record (some hidden ones are noise).
        expect(report.stats.records, render).toBeLessThan(reference.stats.records);
        expect(report.stats.records + report.stats.blobLines, render).toBeGreaterThanOrEqual(
          reference.stats.records,
        );
        expect(report.warnings.find((w) => w.code === 'blob-data')?.message, render).toMatch(
          /rerun journalctl with -a/,
        );
        const all = new Set(denials(reference, false).map((d) => `${d.uid} ${d.rid} ${d.action}`));
        for (const d of denials(report, false))
          expect(all.has(`${d.uid} ${d.rid} ${d.action}`), render).toBe(true);
      }
    });
  },
);

describe('corpus facts (fixtures/README.md)', () => {
  it('demo: the accounts and their denied pairs', async () => {
    const report = await load('demo', 'json');
    const pairs = Object.fromEntries(
      report.accounts.map((a) => [a.uid, a.denied.map((d) => `${d.rid} ${d.action} x${d.count}`)]),
    );
    expect(pairs['kafka-principal']).toEqual([
      'dcos:mesos:agent:task:user:nobody create x2',
      'dcos:mesos:master:framework:role:kafka-role create x3',
      'dcos:mesos:master:reservation:principal:kafka-principal delete x1',
      'dcos:mesos:master:reservation:role:kafka-role create x2',
      'dcos:mesos:master:task:user:nobody create x3',
      'dcos:mesos:master:volume:role:kafka-role create x2',
    ]);
    // metrics-sa's refused token on GET /metrics/snapshot is no permission: see below.
    expect(pairs['metrics-sa']).toEqual([
      'dcos:adminrouter:ops:mesos full x3',
      'dcos:adminrouter:ops:system-metrics full x2',
    ]);
    expect(pairs['backup-sa']).toEqual([
      'dcos:service:metronome:metronome:jobs:backup.nightly-db update x2',
      'dcos:service:metronome:metronome:jobs:backup.weekly-db create x1',
    ]);
    expect(Object.keys(pairs)).toEqual([
      'backup-sa',
      'cicd-deployer',
      'dcos_marathon',
      'jenkins-principal',
      'kafka-principal',
      'metrics-sa',
    ]);
    expect(report.stats).toMatchObject({
      lines: 263,
      denyRecords: 33,
      allowRecords: 17,
      suspicious: 1,
    });
    expect(report.unattributed).toHaveLength(1);
    expect(report.authenticationFailures.map((f) => [f.uid, f.action, f.object])).toEqual([
      ['jdoe', 'password-login', null],
      ['metrics-sa', 'GET', '/metrics/snapshot'],
    ]);
  });

  it('meaning: what real lines mean, in every render', async () => {
    for (const render of renders('meaning')) {
      const report = await load('meaning', render);
      const pairs = report.accounts.flatMap((a) =>
        a.denied.map((d) => `${a.uid} ${d.rid} ${d.action}`),
      );
      expect(pairs, render).toEqual([
        'batch-sa dcos:service:metronome:metronome:jobs:dev.batch.job1 delete',
        'batch-sa dcos:service:metronome:metronome:jobs:dev.batch.job2 create',
        'kafka-principal dcos:mesos:master:reservation:role:kafka-role create',
        'marathon-lb-sa dcos:service:marathon:marathon:admin:events read',
        'metrics-sa dcos:adminrouter:ops:system-metrics full',
        'ops-dashboard-sa dcos:service:marathon:marathon:admin:config read',
        'ops-dashboard-sa dcos:service:marathon:marathon:admin:leader read',
        'ops-dashboard-sa dcos:service:marathon:marathon:admin:leader update',
      ]);
      // No endpoint:path id and no services: id from a *Resource verb, ever.
      expect(pairs.join('\n'), render).not.toMatch(/endpoint:path|services:/);
      expect(
        report.authenticationFailures.map((f) => [f.uid, f.action, f.object]),
        render,
      ).toEqual([
        ['kafka-principal', 'GET', '/slave(1)/state'],
        ['spark-principal', 'POST', '/master/teardown'],
        ['spark-principal', 'service-login', null],
      ]);
      expect(
        report.unmapped.map((u) => [u.uid, u.action, u.object, u.result]),
        render,
      ).toEqual([
        ['batch-sa', 'ViewRunSpec', '/', 'deny'],
        ['marathon-lb-sa', 'ViewResource', '/', 'deny'],
        ['ops-dashboard-sa', 'ViewResource', '/v2/leader', 'deny'],
        ['ops-dashboard-sa', 'DeleteResource', 'Leader', 'deny'],
      ]);
      // Bouncer times without a fraction are read.
      const kafka = report.accounts.find((a) => a.uid === 'kafka-principal')!.denied[0]!;
      expect(kafka.firstSeen, render).toBe('2026-11-24T09:03:00.000Z');
      expect(report.authenticationFailures[2]!.firstSeen, render).toBe('2026-11-24T09:03:01.000Z');
    }
  });

  it('meaning: allowed authentications and unnamed resources are never evidence', async () => {
    for (const evidence of ['allowed', 'all'] as const) {
      const report = await analyze(readFileSync(join(JOURNALS, 'meaning', 'json.txt')), {
        analysis: { evidence },
      });
      const uids = report.accounts.map((a) => a.uid);
      expect(uids).not.toContain('dcos_net_agent');
      const pairs = report.accounts.flatMap((a) => a.denied.map((d) => d.rid));
      expect(pairs.join('\n')).not.toMatch(/endpoint:path|services:|SystemMetrics/);
      // The two allowed Mesos requests are counted as not permission checks.
      expect(report.analysis.allowedNotChecks).toBe(2);
      expect(report.unmapped.filter((u) => u.result === 'allow').map((u) => u.object)).toEqual([
        'SystemMetrics',
      ]);
    }
  });

  it("meaning: dcos-log's text form names the host and ident of each entry", async () => {
    const report = await load('meaning', 'dcos-node-log');
    expect(report.authenticationFailures[0]!.hosts).toEqual(['agent-1.example']);
    expect(report.unmapped[0]!.hosts).toEqual(['master-3.example']);
    const metrics = report.accounts.find((a) => a.uid === 'metrics-sa')!.denied[0]!;
    expect(metrics.hosts).toEqual(['master-3.example']);
  });

  it('quirks: nothing hostile or cut is attributed', async () => {
    const report = await load('quirks', 'json');
    const uids = report.accounts.map((a) => a.uid);
    expect(uids).not.toContain('someone');
    expect(uids).not.toContain('attacker');
    expect(uids.some((u) => u.startsWith('data-'))).toBe(false);
    expect(report.truncated.reduce((n, t) => n + t.count, 0)).toBe(2);
    expect(report.invalid.map((i) => i.problem)).toHaveLength(4);
    expect(
      report.accounts.flatMap((a) => a.denied).filter((d) => d.rid === 'dcos:superuser')[0]?.grant,
    ).toBe('never');
    const s = report.stats;
    expect(s.lines).toBe(s.records + s.notAudit + s.malformed + s.suspicious + s.tooLong);
  });
});
