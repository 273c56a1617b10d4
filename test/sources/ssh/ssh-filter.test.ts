import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/schema.js';
import {
  audit2grant,
  auditEntries,
  buildJournal,
  cleanup,
  type KeyPair,
  keygen,
  knownHostsLine,
  makeHome,
  noiseEntries,
  type Sshd,
  startSshd,
  tempDir,
  withoutSamples,
} from '../../helpers/sshd.js';

// Addresses 127.0.34.x belong to this file.
let userKey: KeyPair;
let withGrep: Sshd;
let withoutGrep: Sshd;
let home: string;

const parse = (stdout: string) => JSON.parse(stdout) as Report;

beforeAll(async () => {
  const dir = await tempDir();
  const hostKey = await keygen(join(dir, 'host_ed25519'));
  userKey = await keygen(join(dir, 'user_ed25519'));
  // A sparse journal: 20 000 ordinary lines, 25 audit records among them.
  const journal = await buildJournal(dir, 'sparse', [
    ...noiseEntries('master-1.example', 20_000, 200),
    ...auditEntries('master-1.example', 1, 5, 30),
  ]);
  [withGrep, withoutGrep] = await Promise.all([
    startSshd({ dir, address: '127.0.34.11', hostKey, authorized: [userKey.pub], journal }),
    startSshd({
      dir,
      address: '127.0.34.12',
      hostKey,
      authorized: [userKey.pub],
      journal,
      mode: 'nogrep',
    }),
  ]);
  home = await makeHome({
    knownHosts: [withGrep, withoutGrep].map((s) => knownHostsLine(s.address, s.port, hostKey.pub)),
  });
});

afterAll(cleanup);

async function read(target: string, filter: 'on' | 'off') {
  const got = await audit2grant(['-f', 'json', '-i', userKey.path, '--ssh', target], {
    home,
    env: { AUDIT2GRANT_SSH_FILTER: filter },
  });
  expect(got.stderr).toBe('');
  const r = parse(got.stdout);
  expect(r.inputs[0]!.complete).toBe(true);
  return r;
}

describe('the remote filter', () => {
  it.each([
    ['journalctl --grep', () => withGrep],
    ['grep -F (journalctl without --grep)', () => withoutGrep],
  ])('%s cuts the bytes received at least 50 times on a sparse journal', async (name, host) => {
    const target = host().target;
    const whole = await read(target, 'off');
    const filtered = await read(target, 'on');
    const ratio = whole.inputs[0]!.bytes / filtered.inputs[0]!.bytes;
    console.log(
      `remote filter, ${name}: ${whole.inputs[0]!.bytes} bytes unfiltered, ${filtered.inputs[0]!.bytes} filtered: ${ratio.toFixed(0)}x`,
    );
    expect(ratio).toBeGreaterThanOrEqual(50);
    // Nothing that matters was left behind.
    expect(filtered.stats.records).toBe(25);
    expect(filtered.stats.records).toBe(whole.stats.records);
    expect(withoutSamples(filtered.accounts)).toEqual(withoutSamples(whole.accounts));
    expect(withoutSamples(filtered.unattributed)).toEqual(withoutSamples(whole.unattributed));
    expect(filtered.stats.lines).toBe(25);
  });
});
