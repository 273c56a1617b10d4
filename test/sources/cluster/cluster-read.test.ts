import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody } from '../../../src/sources/cluster/answers.js';
import { get } from '../../../src/sources/cluster/http-get.js';
import { AUDIT_UNITS } from '../../../src/sources/cluster/master-input.js';
import { ClusterSetupError } from '../../../src/sources/cluster/setup.js';
import { findings, readBytes, readCluster, TOKEN } from '../../helpers/cluster-run.js';
import { journalJsonOf, masterJournals } from '../../helpers/corpus-journals.js';
import { type LoggingCluster, startLoggingCluster } from '../../helpers/logging-stand-in.js';
import { silentListener } from '../../helpers/sshd.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { type TestCa, testCa } from '../../helpers/test-ca.js';

// The fixture corpus as three masters' journals, served by the logging
// stand-in over TLS. Addresses 127.0.41.x belong to this file.

const GOOD = ['127.0.41.11', '127.0.41.12', '127.0.41.13'];
const FAULTY = ['127.0.41.21', '127.0.41.22', '127.0.41.23', '127.0.41.24', '127.0.41.25'];
const MORE = ['127.0.41.26', '127.0.41.27', '127.0.41.28'];
const HUNG = '127.0.41.31';

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

let journals: string[];
let ca: TestCa;
let good: LoggingCluster;
let faulty: LoggingCluster;
let more: LoggingCluster;

beforeAll(async () => {
  journals = await masterJournals(tempDir('a2g-cluster-'));
  ca = testCa([...GOOD, ...FAULTY, ...MORE]);
  const tls = { key: ca.key, cert: ca.cert };
  good = await startLoggingCluster({
    token: TOKEN,
    tls,
    masters: [
      { address: GOOD[0]!, journal: journals[0]! },
      { address: GOOD[1]!, journal: journals[1]!, mode: 'v1-only' },
      { address: GOOD[2]!, journal: journals[2]! },
    ],
  });
  faulty = await startLoggingCluster({
    token: TOKEN,
    tls,
    masters: [
      { address: FAULTY[0]!, journal: journals[0]! },
      { address: FAULTY[1]!, journal: journals[1]!, mode: 'cut', cutAfter: 5 },
      { address: FAULTY[2]! },
      { address: FAULTY[3]!, journal: journals[2]!, mode: 'expired' },
      { address: FAULTY[4]!, journal: journals[2]!, mode: 'html' },
    ],
  });
  more = await startLoggingCluster({
    token: TOKEN,
    tls,
    masters: [
      { address: MORE[0]!, journal: journals[0]!, mode: 'forbidden' },
      { address: MORE[1]!, journal: journals[1]!, mode: 'fail-once' },
      { address: MORE[2]!, journal: journals[2]! },
    ],
    dns: [MORE[1]!, MORE[2]!],
  });
});

afterAll(async () => {
  await Promise.all([good, faulty, more].map((c) => c?.stop()));
});

const logRequests = (c: LoggingCluster, address: string) =>
  c.requests.filter((r) => r.address === address && r.target.startsWith('/system/'));

describe('reading the masters through the logging API', () => {
  it('gives the findings of the same journals read as files, each master in full', async () => {
    const run = await readCluster({ cluster: good.url, caCert: ca.caFile });
    expect(run.statuses.map((s) => [s.source, s.complete, s.error])).toEqual(
      GOOD.map((a) => [a, true, null]),
    );
    const want = await readBytes(await journalJsonOf(journals));
    expect(want.accounts.length).toBeGreaterThan(5);
    expect(findings(run.report)).toEqual(findings(want));
    expect(run.report.stats.records).toBe(want.stats.records);
    expect(run.notices).toEqual([]);
  });

  it('keeps to --since and --until as journalctl does', async () => {
    const [since, until] = ['2026-11-22 09:00:00 UTC', '2026-11-22 12:30:00 UTC'];
    const window = {
      since: Date.parse('2026-11-22T09:00:00Z'),
      until: Date.parse('2026-11-22T12:30:00Z'),
    };
    const run = await readCluster({ cluster: good.url, caCert: ca.caFile, window });
    const want = await readBytes(
      await journalJsonOf(journals, ['--since', since, '--until', until]),
    );
    expect(run.report.stats.records).toBe(want.stats.records);
    expect(want.stats.records).toBeGreaterThan(10);
    const whole = await readBytes(await journalJsonOf(journals));
    expect(want.stats.records).toBeLessThan(whole.stats.records);
    expect(findings(run.report)).toEqual(findings(want));
  });

  it('finds the masters through mesos-dns, and asks each for the audit units in one request', async () => {
    const dns = good.requests.filter((r) => r.target === '/mesos_dns/v1/hosts/master.mesos');
    expect(dns.length).toBeGreaterThan(0);
    const [first] = logRequests(good, GOOD[0]!);
    const url = new URL(first!.target, 'https://x');
    expect(url.pathname).toBe('/system/v1/logs/v2/component');
    expect(url.searchParams.getAll('filter')).toEqual(AUDIT_UNITS.map((u) => `_SYSTEMD_UNIT:${u}`));
    expect(url.searchParams.get('cursor')).toBe('BEG');
    expect(first!.accept).toBe('application/json');
    expect(good.requests.every((r) => r.authorized)).toBe(true);
  });

  it('falls back to the v1 range API on a master that answers 404 to v2', () => {
    const paths = logRequests(good, GOOD[1]!).map((r) => [
      new URL(r.target, 'https://x').pathname,
      r.status,
    ]);
    expect(paths.slice(0, 2)).toEqual([
      ['/system/v1/logs/v2/component', 404],
      ['/system/v1/logs/v1/range/', 200],
    ]);
  });

  it('reads what it can and says, per master, why the others were not read completely', async () => {
    const run = await readCluster({ cluster: faulty.url, caCert: ca.caFile });
    const by = Object.fromEntries(run.statuses.map((s) => [s.source, s]));
    expect(by[FAULTY[0]!]).toMatchObject({ complete: true, error: null });
    expect(by[FAULTY[1]!]!.complete).toBe(false);
    expect(by[FAULTY[1]!]!.error).toMatch(/broke off after 5 entries .*read again/);
    expect(by[FAULTY[2]!]!.error).toMatch(
      new RegExp(`^connection refused by ${FAULTY[2]}:${faulty.port}: .*--masters`),
    );
    expect(by[FAULTY[3]!]!.error).toMatch(/HTTP 401 .*token was refused .*dcos auth login/);
    expect(by[FAULTY[4]!]!.error).toMatch(
      /^the answer from .* is a web page \(text\/html\), not the logging API's entries: is the cluster URL a DC\/OS cluster's/,
    );
    // What the cut master sent before the cut still counts.
    expect(by[FAULTY[1]!]!.records).toBeGreaterThan(0);
    expect(run.report.partial).toBe(true);
    for (const s of run.statuses) if (s.error) expect(s.error).not.toContain(TOKEN);
  });

  it('names the permission a 403 lacks, and reads a master again after an injected 500', async () => {
    const run = await readCluster({
      cluster: more.url,
      caCert: ca.caFile,
      masters: [MORE.join(',')],
    });
    const by = Object.fromEntries(run.statuses.map((s) => [s.source, s]));
    expect(by[MORE[0]!]!.error).toMatch(/HTTP 403 .*dcos:adminrouter:ops:system-logs full/);
    // The 500 was not on a saved cursor: the master failed, as a server error does.
    expect(by[MORE[1]!]!.error).toMatch(/HTTP 500 .*injected failure.*try again/);
    expect(by[MORE[2]!]).toMatchObject({ complete: true, error: null });
    // --masters: mesos-dns was not asked.
    expect(more.requests.filter((r) => r.target.startsWith('/mesos_dns'))).toEqual([]);
  });

  it('reads a master named two ways once, under the name its URL gives it', async () => {
    // 127.0.10507 is 127.0.41.11 (the URL parser's reading of an IPv4 shorthand).
    const once = await readCluster({ cluster: good.url, caCert: ca.caFile, masters: [GOOD[0]!] });
    const twice = await readCluster({
      cluster: good.url,
      caCert: ca.caFile,
      masters: [`127.0.10507,${GOOD[0]}`],
    });
    expect(twice.statuses.map((s) => [s.source, s.complete])).toEqual([[GOOD[0]!, true]]);
    expect(twice.report.stats.records).toBe(once.report.stats.records);
    expect(findings(twice.report)).toEqual(findings(once.report));
  });

  it('reads only the masters mesos-dns names', async () => {
    const run = await readCluster({ cluster: more.url, caCert: ca.caFile });
    expect(run.statuses.map((s) => [s.source, s.complete])).toEqual([
      [MORE[1]!, true],
      [MORE[2]!, true],
    ]);
  });

  it('says which certificate it does not trust, and how to pass --ca-cert', async () => {
    const run = await readCluster({ cluster: good.url, masters: [GOOD[0]!] });
    expect(run.statuses[0]!.error).toMatch(
      new RegExp(
        `^TLS: the certificate of ${GOOD[0]}:${good.port} \\(subject CN=127\\.0\\.41\\.11, issued by CN=audit2grant test CA, SHA-256 [0-9A-F:]+\\) is not trusted by this system: .*--ca-cert FILE`,
      ),
    );
    // No request reached the master: the token went nowhere.
    expect(logRequests(good, GOOD[0]!).every((r) => r.accept === 'application/json')).toBe(true);
  });

  it('checks the certificate even where NODE_TLS_REJECT_UNAUTHORIZED=0 would turn the check off', async () => {
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const run = await readCluster({ cluster: good.url, masters: [GOOD[0]!] });
      expect(run.statuses[0]!.error).toMatch(/^TLS: the certificate of .* is not trusted/);
      expect(logRequests(good, GOOD[0]!).every((r) => r.accept === 'application/json')).toBe(true);
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
  });

  it('gives up on a master that does not finish the TLS handshake within --connect-timeout', async () => {
    const hung = await silentListener(HUNG);
    try {
      const run = await readCluster({
        cluster: `https://${HUNG}:${hung.port}`,
        caCert: ca.caFile,
        masters: [HUNG],
        connectTimeout: 0.5,
      });
      expect(run.statuses[0]!.error).toBe(
        `no connection to ${HUNG}:${hung.port} within 0.5 s: the master is unreachable or filtered (raise --connect-timeout for slow links)`,
      );
      // Nothing is left open: the connection the master never answered is closed.
      await until(() => hung.open() === 0);
    } finally {
      await hung.close();
    }
  });

  it('says why the masters could not be listed, as one input of the report', async () => {
    const run = await readCluster(
      { cluster: good.url, caCert: ca.caFile },
      { env: { DCOS_ACS_TOKEN: 'expired.token.value' } },
    );
    expect(run.statuses).toHaveLength(1);
    expect(run.statuses[0]).toMatchObject({ source: good.url, complete: false });
    expect(run.statuses[0]!.error).toMatch(/^cannot list the masters: HTTP 401 .*dcos auth login/);
  });

  it('has a stand-in that answers as dcos-log does: skip, limit, END, bad filters and cursors', async () => {
    const conn = {
      token: TOKEN,
      ca: readFileSync(ca.caFile),
      connectTimeoutMs: 30_000,
      answerTimeoutMs: 30_000,
    };
    const ask = async (query: string) => {
      const url = new URL(`/system/v1/logs/v2/component?${query}`, good.url);
      const { res } = await get(url, conn, { accept: 'application/json' });
      const body = await readBody(res, 1 << 24);
      return { status: res.statusCode, entries: body.split('\n').filter((l) => l !== '') };
    };
    const all = await ask('cursor=BEG');
    const last3 = await ask('cursor=END&skip=-3');
    expect(last3.entries).toEqual(all.entries.slice(-3));
    expect((await ask('cursor=BEG&limit=2')).entries).toEqual(all.entries.slice(0, 2));
    const cursor = (JSON.parse(all.entries[4]!) as { cursor: string }).cursor;
    expect((await ask(`cursor=${encodeURIComponent(cursor)}`)).entries).toEqual(
      all.entries.slice(5),
    );
    expect((await ask('filter=_SYSTEMD_UNIT:dcos-nothing.service')).status).toBe(204);
    expect((await ask('filter=a:b:c')).status).toBe(400);
    expect((await ask('cursor=s%3D1')).status).toBe(400);
  });

  it('refuses plain http to another host unless asked, and settles the URL and token first', async () => {
    const setup = (opts: object, env: NodeJS.ProcessEnv = { DCOS_ACS_TOKEN: TOKEN }) =>
      readCluster({ cluster: true, masters: ['10.0.0.1'], ...opts }, { env });
    await expect(setup({ cluster: 'http://10.9.8.7' })).rejects.toThrow(
      /http:\/\/10\.9\.8\.7 is plain http: the token would travel unencrypted; use https, or --allow-http/,
    );
    await expect(setup({}, { DCOS_ACS_TOKEN: TOKEN })).rejects.toThrow(
      /no cluster URL: give --cluster https:\/\/<cluster>, set DCOS_URL/,
    );
    await expect(setup({ cluster: good.url }, {})).rejects.toThrow(/no usable token/);
    // The dcos CLI's token goes to the CLI's own cluster only.
    const cli = (url: string) => async (key: string) =>
      key === 'core.dcos_url' ? url : key === 'core.dcos_acs_token' ? TOKEN : undefined;
    const withCli = (cluster: string, url: string, env: NodeJS.ProcessEnv = {}) =>
      readCluster({ cluster, masters: ['127.0.0.1'] }, { env, deps: { dcos: cli(url) } });
    const refused = await withCli(good.url, 'https://prod.example').catch((e: Error) => e.message);
    expect(refused).toBe(
      `the token is the DC/OS CLI's, set up for "https://prod.example", not ${new URL(good.url).origin}: set DCOS_ACS_TOKEN, or attach the CLI to ${new URL(good.url).origin} (dcos cluster attach)`,
    );
    await expect(withCli(`${good.url}/`, good.url)).resolves.toBeDefined();
    await expect(
      withCli(good.url, 'https://prod.example', { DCOS_ACS_TOKEN: TOKEN }),
    ).resolves.toBeDefined();
    // DCOS_ACS_TOKEN given with DCOS_URL is that cluster's token, sent nowhere else.
    const envToken = { DCOS_ACS_TOKEN: TOKEN, DCOS_URL: 'https://ci.example' };
    expect(await withCli(good.url, good.url, envToken).catch((e: Error) => e.message)).toBe(
      `DCOS_ACS_TOKEN is the token of DCOS_URL, "https://ci.example", not of ${new URL(good.url).origin} (--cluster): unset DCOS_URL to send it there`,
    );
    await expect(
      withCli(good.url, 'https://prod.example', {
        DCOS_ACS_TOKEN: TOKEN,
        DCOS_URL: `${good.url}/`,
      }),
    ).resolves.toBeDefined();
    await expect(setup({ cluster: good.url }, {})).rejects.toBeInstanceOf(ClusterSetupError);
    await expect(
      setup({ cluster: good.url, follow: true, window: { until: Date.now() } }),
    ).rejects.toThrow(/--until cannot be used with --follow/);
    const bad = new Map([['cluster:10.0.0.1', { kind: 'journal' as const, cursor: 's=1;i=2&x' }]]);
    await expect(
      readCluster({ cluster: good.url, masters: ['10.0.0.1'] }, { resume: { positions: bad } }),
    ).rejects.toThrow(/^the saved position of cluster:10\.0\.0\.1: not a journal cursor/);
  });
});
