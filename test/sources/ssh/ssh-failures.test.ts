import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/schema.js';
import {
  audit2grant,
  auditEntries,
  buildJournal,
  cleanup,
  freePort,
  type HostMode,
  type KeyPair,
  keygen,
  knownHostsLine,
  makeHome,
  noiseEntries,
  type SilentListener,
  type Sshd,
  type SshdOptions,
  silentListener,
  startSshd,
  tempDir,
} from '../../helpers/sshd.js';

// Addresses 127.0.33.x belong to this file.
let dir: string;
let userKey: KeyPair;
let hostKey: KeyPair;
let journal: string;
let home: string;
const hosts: Record<string, Sshd> = {};
let hung: SilentListener;
let downPort: number;

const parse = (stdout: string) => JSON.parse(stdout) as Report;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

beforeAll(async () => {
  dir = await tempDir();
  hostKey = await keygen(join(dir, 'host_ed25519'));
  userKey = await keygen(join(dir, 'user_ed25519'));
  const stranger = await keygen(join(dir, 'stranger_ed25519'));
  journal = await buildJournal(dir, 'm', [
    ...auditEntries('master.example', 1, 3),
    ...noiseEntries('master.example', 100),
  ]);
  // A host whose dcos-* units logged no audit record: journalctl sends nothing.
  const quiet = await buildJournal(dir, 'quiet', noiseEntries('quiet.example', 20));
  const specs: [string, number, Partial<SshdOptions>][] = [
    ['good1', 11, {}],
    ['good2', 12, { mode: 'nogrep' satisfies HostMode }],
    ['wrongkey', 13, { authorized: [stranger.pub] }],
    ['drop', 14, { mode: 'drop' }],
    ['denied', 15, { mode: 'denied' }],
    ['missing', 16, { mode: 'missing' }],
    ['sudoPassword', 17, { sudo: 'password' }],
    ['sudoOk', 18, { sudo: 'ok' }],
    ['quiet', 21, { journal: quiet }],
    ['stuck', 22, { mode: 'stuck' }],
  ];
  await Promise.all(
    specs.map(async ([name, n, extra]) => {
      hosts[name] = await startSshd({
        dir,
        address: `127.0.33.${n}`,
        hostKey,
        authorized: [userKey.pub],
        journal,
        ...extra,
      });
    }),
  );
  hung = await silentListener('127.0.33.19');
  downPort = await freePort('127.0.33.20');
  home = await makeHome({
    knownHosts: [
      ...Object.values(hosts).map((h) => knownHostsLine(h.address, h.port, hostKey.pub)),
      knownHostsLine('127.0.33.19', hung.port, hostKey.pub),
      knownHostsLine('127.0.33.20', downPort, hostKey.pub),
    ],
  });
});

afterAll(async () => {
  await hung?.close();
  await cleanup();
});

describe('hosts that fail', () => {
  it('reads the others, says which failed and why, and exits 3', async () => {
    const targets = [
      hosts.good1!.target,
      `127.0.33.20:${downPort}`,
      hosts.wrongkey!.target,
      hosts.drop!.target,
      `127.0.33.19:${hung.port}`,
      hosts.denied!.target,
      hosts.missing!.target,
      hosts.good2!.target,
    ];
    const got = await audit2grant(
      ['-f', 'json', '-i', userKey.path, '--connect-timeout', '1', '--ssh', targets.join(',')],
      { home },
    );
    expect(got.code).toBe(3);
    const r = parse(got.stdout);
    expect(r.partial).toBe(true);
    const by = Object.fromEntries(r.inputs.map((i) => [i.source, i]));
    expect(r.inputs.map((i) => i.source)).toEqual(targets);

    // The good ones, one of them through the grep -F fallback, are read in full.
    for (const t of [hosts.good1!.target, hosts.good2!.target])
      expect(by[t]).toMatchObject({ complete: true, error: null, records: 15, kind: 'ssh' });
    expect(
      r.accounts.find((a) => a.uid === 'kafka-principal')!.denied[0]!.count,
    ).toBeGreaterThanOrEqual(6);

    const failures: [string, RegExp][] = [
      [
        `127.0.33.20:${downPort}`,
        /^connection refused by root@127\.0\.33\.20:\d+: no SSH server listens there/,
      ],
      [
        hosts.wrongkey!.target,
        /^authentication failed for root@127\.0\.33\.13:\d+: the server accepted none of .*user_ed25519/,
      ],
      [
        hosts.drop!.target,
        /^the connection closed before the remote command finished: the journal was read only in part/,
      ],
      [`127.0.33.19:${hung.port}`, /^no SSH handshake with root@127\.0\.33\.19:\d+ within 1 s/],
      [
        hosts.denied!.target,
        /^root may not read the system journal: No journal files were opened due to insufficient permissions\.; use --sudo/,
      ],
      [hosts.missing!.target, /^journalctl not found on the host: .*journalctl: not found$/],
    ];
    for (const [target, message] of failures) {
      expect(by[target]!.complete, target).toBe(false);
      expect(by[target]!.error, target).toMatch(message);
      // Each failure is also on stderr, one line, as it happens.
      expect(got.stderr).toContain(`audit2grant: ${target}: ${by[target]!.error}\n`);
      expect(r.warnings.map((w) => w.message)).toContain(
        `${target}: ${by[target]!.error}; the report covers only what was read`,
      );
    }
    expect(got.stderr.split('\n').filter(Boolean)).toHaveLength(failures.length);
    // The hung host cost its timeout (its message names it), not the run:
    // without it the run would wait for ever, and be killed (code null).
  });

  it('a host that sent nothing: a warning naming it, the report partial, exit 3', async () => {
    const quiet = hosts.quiet!.target;
    const got = await audit2grant(
      ['-f', 'json', '-i', userKey.path, '--ssh', `${hosts.good1!.target},${quiet}`],
      { home },
    );
    expect(got.code).toBe(3);
    const r = parse(got.stdout);
    expect(r.partial).toBe(true);
    expect(r.inputs[0]).toMatchObject({ complete: true, records: 15 });
    const error =
      'nothing read (0 bytes): journalctl on the host sent no audit line of the dcos-* units: check --since/--until and that it is a DC/OS master; no data is not the same as no denials';
    expect(r.inputs[1]).toMatchObject({
      source: quiet,
      kind: 'ssh',
      bytes: 0,
      complete: false,
      error,
    });
    expect(got.stderr).toBe(`audit2grant: ${quiet}: ${error}\n`);
    expect(r.warnings).toContainEqual({
      code: 'nothing-read',
      message: `${quiet}: ${error}`,
      count: null,
    });
    // As events: one last state for the host, failed (never done, then failed).
    const events = await audit2grant(['-f', 'ndjson', '-i', userKey.path, '--ssh', quiet], {
      home,
    });
    const last = events.stdout
      .split('\n')
      .filter((l) => l.includes('"event":"source"'))
      .map((l) => JSON.parse(l).state as string)
      .filter((s) => s === 'done' || s === 'failed');
    expect(last).toEqual(['failed']);
  });

  it('a host whose command sends nothing: given up on after --read-timeout, the others read, exit 3', async () => {
    const targets = [hosts.stuck!.target, hosts.good1!.target];
    const got = await audit2grant(
      ['-f', 'json', '-i', userKey.path, '--read-timeout', '1', '--ssh', targets.join(',')],
      { home },
    );
    expect(got.code).toBe(3);
    const [stuck, good] = parse(got.stdout).inputs;
    expect(stuck).toMatchObject({ complete: false, bytes: 0 });
    expect(stuck!.error).toContain(
      'the command sent nothing for 1 s: it may be stuck on the host (raise --read-timeout if it is only slow)',
    );
    expect(good).toMatchObject({ complete: true, error: null });
  });

  it('lists every host in the table output', async () => {
    const got = await audit2grant(
      [
        '-i',
        userKey.path,
        '--connect-timeout',
        '1',
        '--ssh',
        `${hosts.good1!.target},127.0.33.20:${downPort}`,
      ],
      { home },
    );
    expect(got.code).toBe(3);
    expect(got.stdout).toContain('Hosts read over SSH: 1 complete, 1 not read completely');
    expect(got.stdout).toMatch(/│ ok +│/);
    expect(got.stdout).toMatch(
      /│ FAILED: connection refused by root@127\.0\.33\.20:\d+ \(see warnings\) +│/,
    );
    expect(got.stdout).toContain('PARTIAL: ');
  });

  it('--sudo runs journalctl through sudo -n, and says so when sudo wants a password', async () => {
    const got = await audit2grant(
      [
        '-f',
        'json',
        '-i',
        userKey.path,
        '--sudo',
        '--ssh',
        `${hosts.sudoOk!.target},${hosts.sudoPassword!.target}`,
      ],
      { home },
    );
    expect(got.code).toBe(3);
    const [ok, refused] = parse(got.stdout).inputs;
    expect(ok).toMatchObject({ complete: true, records: 15 });
    expect(refused!.error).toMatch(
      /^sudo -n refused to run journalctl: sudo: a password is required; allow root/,
    );
  });

  it('Ctrl-C closes the connections and still writes the report, marked partial', async () => {
    const connected = hung.nextConnection();
    const disconnects = () => hosts.good1!.log().split('Disconnected from user root').length;
    const before = disconnects();
    let sent = 0;
    const run = audit2grant(
      [
        '-f',
        'json',
        '-i',
        userKey.path,
        '--connect-timeout',
        '3600',
        '--ssh',
        `${hosts.good1!.target},127.0.33.19:${hung.port}`,
      ],
      {
        home,
        timeoutMs: 240_000,
        onSpawn: (child) => {
          // Once the hung host holds a connection and the good one was read to its end
          // (its sshd logs the client's disconnect): Ctrl-C.
          void Promise.all([connected, until(() => disconnects() > before)]).then(() => {
            sent = Date.now();
            child.kill('SIGINT');
          });
        },
      },
    );
    const got = await run;
    expect(sent).toBeGreaterThan(0);
    expect(got.code).toBe(3);
    const r = parse(got.stdout);
    expect(r.partial).toBe(true);
    expect(r.inputs[0]).toMatchObject({ complete: true, records: 15 });
    expect(r.inputs[1]).toMatchObject({ complete: false, error: 'interrupted', bytes: 0 });
    expect(r.accounts.map((a) => a.uid)).toContain('kafka-principal');
    // Not the hour of --connect-timeout: the connection was closed at once
    // (a bound far above the second or so this takes).
    expect(Date.now() - sent).toBeLessThan(120_000);
    // The hung host sees its connection close (the test's time limit bounds the wait).
    await until(() => hung.open() === 0);
  });
});
