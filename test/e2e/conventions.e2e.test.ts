import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DCOS_RELEASES } from '../../src/rules/templates.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEMO = 'fixtures/demo.log';
const tmp = tempDir('a2g-conventions-');

describe('audit2grant help', () => {
  it('prints the same help as --help, exit 0', async () => {
    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toBe((await runCli(['--help'])).stdout);
    expect(help.stdout).toMatch(/^Usage: audit2grant \[options\] \[command\] \[file\.\.\.\]/);
    expect(help.stdout).toMatch(/^ {2}help \[command\] +display help/m);
  });

  it.each(['templates', 'schema', 'state', 'completion', 'help'])(
    "help %s prints that command's help, as --help after it does",
    async (command) => {
      const help = await runCli(['help', command]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: audit2grant ${command} `));
      expect(help.stdout).toBe((await runCli([command, '--help'])).stdout);
    },
  );

  it('refuses a command it does not have, naming the ones it has', async () => {
    const r = await runCli(['help', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^audit2grant: .*'bogus'.*schema, state, templates, verify, completion, help/,
    );
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('reads a file named help when it is given as ./help', async () => {
    const dir = join(tmp, 'named-help');
    mkdirSync(dir);
    copyFileSync(join(ROOT, DEMO), join(dir, 'help'));
    const r = await runCli(['-f', 'json', './help'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).stats.lines).toBe(263);
  });
});

/** Each refusal comes before any input is read: the missing input would be exit 3. */
const MISSING = 'no/such/journal.log';

describe('refusals before any reading: one line, exit 2', () => {
  const caDir = join(tmp, 'ca-dir');
  mkdirSync(caDir);
  const ca = join(tmp, 'dcos-ca.crt');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
  chmodSync(ca, 0o644);

  it.each([
    [
      ['--dcos-version', '3.0', MISSING],
      `option '--dcos-version <x.y>' argument '3.0' is invalid. "3.0" is not a release the templates describe: use one of ${DCOS_RELEASES.join(', ')}`,
    ],
    [
      ['--dcos-version', '1.7', 'templates'],
      `"1.7" is not a release the templates describe: use one of 1.8, 1.9, 1.10, 1.11, 1.12, 1.13, 2.0, 2.1, 2.2`,
    ],
    [
      ['-f', 'curl', '--ca-cert', 'no-such-ca.crt', MISSING],
      '--ca-cert no-such-ca.crt: no such file: check the path, or fetch it with curl -k -o dcos-ca.crt https://<cluster>/ca/dcos-ca.crt',
    ],
    [
      ['-f', 'revoke-curl', '--ca-cert', caDir, MISSING],
      `--ca-cert ${caDir}: is a directory: name the CA bundle file (PEM) in it`,
    ],
    [
      ['templates', 'kafka:bogus=1'],
      `kafka: unknown parameter "bogus"; kafka's parameters are service, enforceRole, role, principal, user (see audit2grant templates kafka)`,
    ],
    [
      ['--template', 'kafka:bogus=1', MISSING],
      `unknown parameter "bogus"; kafka's parameters are service, enforceRole, role, principal, user`,
    ],
  ])('%j', async (args, message) => {
    const r = await runCli(args, { stdin: '' });
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^audit2grant: /);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('takes every release the templates describe, and a CA bundle that is there', async () => {
    const runs = await Promise.all(
      DCOS_RELEASES.map((release) => runCli(['--dcos-version', release, 'templates', 'kafka'])),
    );
    expect(runs.map((r) => r.code)).toEqual(DCOS_RELEASES.map(() => 0));
    const r = await runCli(['-f', 'curl', '--ca-cert', ca, DEMO]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(ca);
  });
});
