import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/schema.js';
import { findings, TOKEN } from '../helpers/cluster-run.js';
import { journalJsonOf, masterJournals } from '../helpers/corpus-journals.js';
import { type LoggingCluster, startLoggingCluster } from '../helpers/logging-stand-in.js';
import {
  audit2grant,
  cleanup,
  type KeyPair,
  keygen,
  knownHostsLine,
  makeHome,
  type Sshd,
  startSshd,
  tempDir,
} from '../helpers/sshd.js';
import { type TestCa, testCa } from '../helpers/test-ca.js';

// The built binary reads the fixture corpus as three masters' journals in
// every way it can: through the logging API (the stand-in, over TLS), over
// SSH (real sshds running the real journalctl), as files, and as a log
// store's export; the findings are the same. Addresses 127.0.42.x belong to
// this file.

const UP = ['127.0.42.11', '127.0.42.12', '127.0.42.13'];
const PARTLY = ['127.0.42.21', '127.0.42.22', '127.0.42.23'];
const SSH = ['127.0.42.31', '127.0.42.32', '127.0.42.33'];
const GARBLING = '127.0.42.41';

let dir: string;
let journals: string[];
let ca: TestCa;
let cluster: LoggingCluster;
let partly: LoggingCluster;
let garbling: LoggingCluster;
let masters: Sshd[];
let userKey: KeyPair;
let home: string;

beforeAll(async () => {
  dir = await tempDir('a2g-cluster-e2e-');
  journals = await masterJournals(dir);
  ca = testCa([...UP, ...PARTLY, GARBLING]);
  const tls = { key: ca.key, cert: ca.cert };
  cluster = await startLoggingCluster({
    token: TOKEN,
    tls,
    masters: UP.map((address, i) => ({ address, journal: journals[i]! })),
  });
  partly = await startLoggingCluster({
    token: TOKEN,
    tls,
    masters: [
      { address: PARTLY[0]!, journal: journals[0]! },
      { address: PARTLY[1]!, journal: journals[1]!, mode: 'echo' },
      { address: PARTLY[2]! },
    ],
  });
  // After 5 entries of each answer, a cursor that is none (a logging service gone wrong).
  garbling = await startLoggingCluster({
    token: TOKEN,
    tls,
    masters: [
      { address: GARBLING, journal: journals[0]!, badCursor: { after: 5, cursor: 's=1;i=2;b=zz' } },
    ],
  });
  const hostKey = await keygen(join(dir, 'host_ed25519'));
  userKey = await keygen(join(dir, 'user_ed25519'));
  masters = await Promise.all(
    SSH.map((address, i) =>
      startSshd({ dir, address, hostKey, authorized: [userKey.pub], journal: journals[i]! }),
    ),
  );
  home = await makeHome({
    knownHosts: masters.map((m) => knownHostsLine(m.address, m.port, hostKey.pub)),
  });
});

afterAll(async () => {
  await Promise.all([cluster?.stop(), partly?.stop(), garbling?.stop()]);
  await cleanup();
});

const parse = (stdout: string) => JSON.parse(stdout) as Report;

/** A journal exported from Elasticsearch: Fluent Bit's documents (Strip_Underscores On). */
function elasticsearchExport(json: Buffer, hits: boolean): string {
  return json
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((line, n) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const doc: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(entry)) {
        if (key.startsWith('__')) continue;
        doc[key.startsWith('_') ? key.slice(1) : key] = Array.isArray(value)
          ? Buffer.from(value as number[]).toString('utf8')
          : value;
      }
      doc['@timestamp'] = new Date(Number(entry.__REALTIME_TIMESTAMP) / 1000).toISOString();
      return JSON.stringify(
        hits
          ? {
              _index: 'logstash-2026.11.22',
              _type: '_doc',
              _id: String(n),
              _score: 1,
              _source: doc,
            }
          : doc,
      );
    })
    .join('\n');
}

describe('audit2grant --cluster', () => {
  it('gives the findings of --ssh, of the journals as files, and of their log-store export', async () => {
    const files = join(dir, 'masters.json');
    const json = await journalJsonOf(journals);
    writeFileSync(files, json);
    const fromFiles = await audit2grant(['-f', 'json', files], { home });
    expect(fromFiles.code).toBe(1);
    const want = findings(parse(fromFiles.stdout));
    expect(want.accounts.length).toBeGreaterThan(5);

    const viaCluster = await audit2grant(
      ['-f', 'json', '--cluster', cluster.url, '--ca-cert', ca.caFile],
      {
        home,
        env: { DCOS_ACS_TOKEN: TOKEN },
      },
    );
    expect(viaCluster.stderr).toBe('');
    expect(viaCluster.code).toBe(1);
    const report = parse(viaCluster.stdout);
    expect(report.partial).toBe(false);
    expect(report.inputs.map((i) => [i.source, i.kind, i.host, i.target, i.complete])).toEqual(
      UP.map((a) => [a, 'cluster', a, `https://${a}:${cluster.port}`, true]),
    );
    expect(findings(report)).toEqual(want);

    const viaSsh = await audit2grant(
      ['-f', 'json', '--ssh', masters.map((m) => m.target).join(','), '-i', userKey.path],
      {
        home,
      },
    );
    expect(viaSsh.code).toBe(1);
    expect(findings(parse(viaSsh.stdout))).toEqual(want);

    for (const hits of [false, true]) {
      const exported = join(dir, `elasticsearch-${hits}.jsonl`);
      writeFileSync(exported, elasticsearchExport(json, hits));
      const fromStore = await audit2grant(['-f', 'json', exported], { home });
      expect(fromStore.code).toBe(1);
      expect(findings(parse(fromStore.stdout))).toEqual(want);
    }
  });

  it('combines masters, hosts over SSH, files and stdin into one report', async () => {
    const run = await audit2grant(
      [
        '-f',
        'json',
        '--cluster',
        cluster.url,
        '--ca-cert',
        ca.caFile,
        '--masters',
        UP[0]!,
        '--ssh',
        masters[1]!.target,
        '-i',
        userKey.path,
        'fixtures/demo.log',
        '-',
      ],
      {
        home,
        env: { DCOS_ACS_TOKEN: TOKEN },
        stdin: readFileSync(join('fixtures', 'demo.log'), 'utf8'),
      },
    );
    expect(run.code).toBe(1);
    expect(parse(run.stdout).inputs.map((i) => [i.source, i.kind])).toEqual([
      ['fixtures/demo.log', 'file'],
      ['-', 'stdin'],
      [UP[0], 'cluster'],
      [masters[1]!.target, 'ssh'],
    ]);
  });

  it('reads the masters it can, says why not the others, and exits 3 with a partial report', async () => {
    const run = await audit2grant(['--cluster', partly.url, '--ca-cert', ca.caFile], {
      home,
      env: { DCOS_ACS_TOKEN: TOKEN, COLUMNS: '200' },
    });
    expect(run.code).toBe(3);
    const lines = run.stderr.trim().split('\n');
    expect(lines, run.stderr).toHaveLength(2);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^audit2grant: ${PARTLY[2]}: connection refused by ${PARTLY[2]}:${partly.port}: `,
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^audit2grant: ${PARTLY[1]}: HTTP 400 from .*<token>`)),
    );
    expect(run.stdout).toMatch(
      /Masters read through the logging API: 1 complete, 2 not read completely/,
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
  });

  it('never lets the token out: not in argv, output, errors or files written', async () => {
    // A dcos CLI set up for the cluster: it hands out the URL, the token and
    // the CA bundle (core.ssl_verify), and records what it was asked.
    const bin = join(dir, 'dcos-bin');
    mkdirSync(bin, { recursive: true });
    const asked = join(dir, 'dcos-asked');
    writeFileSync(
      join(bin, 'dcos'),
      [
        '#!/bin/sh',
        `printf '%s\\n' "$*" >> '${asked}'`,
        'case "$3" in',
        `  core.dcos_url) echo '${cluster.url}' ;;`,
        `  core.dcos_acs_token) echo '${TOKEN}' ;;`,
        `  core.ssl_verify) echo '${ca.caFile}' ;;`,
        '  *) exit 1 ;;',
        'esac',
      ].join('\n'),
    );
    chmodSync(join(bin, 'dcos'), 0o755);
    const work = await makeHome();
    const processes: string[] = [];
    cluster.onRequest = () => {
      processes.push(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }));
    };
    const out = join(work, 'report.json');
    const run = await audit2grant(['--cluster', '-f', 'json', '-o', out], {
      home: work,
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    cluster.onRequest = undefined;
    expect(run.code).toBe(1);
    expect(parse(readFileSync(out, 'utf8')).inputs).toHaveLength(3);
    expect(readFileSync(asked, 'utf8').trim().split('\n').sort()).toEqual([
      'config show core.dcos_acs_token',
      'config show core.dcos_url',
      'config show core.ssl_verify',
    ]);
    expect(processes.length).toBeGreaterThan(3);
    expect(processes.join('')).toContain('audit2grant');
    for (const text of [run.stdout, run.stderr, ...processes]) expect(text).not.toContain(TOKEN);
    const written = (d: string): string[] =>
      readdirSync(d).flatMap((f) =>
        statSync(join(d, f)).isDirectory() ? written(join(d, f)) : [join(d, f)],
      );
    for (const file of written(work)) expect(readFileSync(file, 'utf8'), file).not.toContain(TOKEN);
    // It did travel, where it should: in the Authorization header.
    expect(cluster.requests.at(-1)!.authorized).toBe(true);
  });

  it('keeps no cursor a master sends that is none: its state file serves the next run', async () => {
    const work = await makeHome();
    const state = join(work, 'cluster.state');
    const args = [
      '--cluster',
      garbling.url,
      '--ca-cert',
      ca.caFile,
      '--state',
      state,
      '-f',
      'json',
    ];
    const first = await audit2grant(args, { home, env: { DCOS_ACS_TOKEN: TOKEN } });
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(
      new RegExp(
        `^audit2grant: ${GARBLING}: malformed answer from ${GARBLING}:${garbling.port}/system/v1/logs/v2/component: line 6: the entry's cursor: not a journal cursor[^\\n]*\\n$`,
      ),
    );
    const report = parse(first.stdout);
    expect(report.partial).toBe(true);
    expect(report.stats.lines).toBe(5);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as {
      inputs: { key: string; position: { cursor: string } }[];
    };
    const resumed = saved.inputs.find((i) => i.key === `cluster:${GARBLING}`)!.position.cursor;
    expect(resumed).toMatch(/^s=[0-9a-f]+;i=5;/);

    // The next run takes the state, and asks for what comes after the last good cursor.
    const second = await audit2grant(args, { home, env: { DCOS_ACS_TOKEN: TOKEN } });
    expect(second.code, second.stderr).toBe(3);
    expect(second.stderr).toMatch(/line 6: the entry's cursor/);
    const asked = garbling.requests.at(-1)!;
    expect(new URL(asked.target, 'https://x').searchParams.get('cursor')).toBe(resumed);
    expect(parse(second.stdout).stats.lines).toBe(10);
  });

  it('refuses what cannot work before reading anything', async () => {
    const refuse = async (args: string[], env: Record<string, string> = {}) => {
      const run = await audit2grant(args, { home, env });
      expect(run.code, run.stderr).toBe(2);
      return run.stderr;
    };
    expect(await refuse(['--cluster', 'master.log'])).toMatch(/name files before --cluster/);
    expect(await refuse(['--masters', '10.0.0.1', 'x.log'])).toMatch(/--masters needs --cluster/);
    expect(await refuse(['--cluster', 'https://127.0.0.1:1', '--since', '2h'])).toMatch(/--since/);
    expect(await refuse(['--cluster', '--masters', 'ftp://x'])).toMatch(
      /"ftp:\/\/x" is not an address/,
    );
    expect(await refuse(['--cluster', 'http://10.0.0.1'], { DCOS_ACS_TOKEN: TOKEN })).toMatch(
      /^audit2grant: http:\/\/10\.0\.0\.1 is plain http: the token would travel unencrypted; use https, or --allow-http\n$/,
    );
    expect(await refuse(['--cluster'], { DCOS_ACS_TOKEN: TOKEN })).toMatch(/no cluster URL/);
    expect(await refuse(['--cluster', cluster.url])).toMatch(
      /no usable token: set DCOS_ACS_TOKEN, or log in/,
    );
  });
});
