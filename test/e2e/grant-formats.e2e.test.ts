import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEMO = 'fixtures/demo.log';
const tmp = tempDir('a2g-formats-e2e-');
let n = 0;
/** A fresh empty directory per test. */
const fresh = () => {
  const dir = join(tmp, String(n++));
  mkdirSync(dir);
  return dir;
};

/** Runs audit2grant under a given umask, through bash. */
function withUmask(
  umask: string,
  args: string[],
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const quoted = args.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `umask ${umask}; exec node ${BIN} ${quoted}`], {
      cwd: ROOT,
      env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('--output', () => {
  it('writes scripts with mode 0700 and reports with 0644, less what the umask takes', async () => {
    const dir = fresh();
    const formats = [
      ['script', 0o700],
      ['curl', 0o700],
      ['revoke', 0o700],
      ['revoke-curl', 0o700],
      ['table', 0o644],
      ['json', 0o644],
      ['markdown', 0o644],
      ['cli', 0o644],
    ] as const;
    const jobs = ['077', '000'].flatMap((umask) =>
      formats.map(async ([format, want]) => {
        const file = join(dir, `${format}-${umask}.out`);
        const r = await withUmask(umask, ['-f', format, '-o', file, DEMO]);
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe('');
        expect(r.code).toBe(1);
        expect(mode(file)).toBe(umask === '077' ? want & 0o700 : want);
        return [format as string, readFileSync(file, 'utf8')] as const;
      }),
    );
    const plan = join(dir, 'plan.sh');
    jobs.push(
      withUmask('000', ['-f', 'plan', '-a', 'kafka-principal', '-o', plan, DEMO]).then((r) => {
        expect(r.code).toBe(1);
        expect(mode(plan)).toBe(0o700);
        return ['plan', ''] as const;
      }),
    );
    const written = await Promise.all(jobs);
    // The file holds what standard output would.
    const script = (await runCli(['-f', 'script', DEMO])).stdout;
    for (const [format, text] of written) if (format === 'script') expect(text).toBe(script);
  });

  it('never makes a file it replaces more readable than it was', async () => {
    const dir = fresh();
    const file = join(dir, 'kept-private.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    expect((await withUmask('000', ['-f', 'json', '-o', file, DEMO])).code).toBe(1);
    expect(mode(file)).toBe(0o600);
    chmodSync(file, 0o640);
    expect((await withUmask('000', ['-f', 'script', '-o', file, DEMO])).code).toBe(1);
    expect(mode(file)).toBe(0o700);
  });

  it('replaces a regular file by rename: a reader of the old file still reads it whole', async () => {
    const dir = fresh();
    const file = join(dir, 'grant.sh');
    writeFileSync(file, 'old contents\n', { mode: 0o600 });
    const before = statSync(file).ino;
    const reader = openSync(file, 'r');
    const r = await runCli(['-f', 'script', '-o', file, DEMO]);
    expect(r.code).toBe(1);
    expect(statSync(file).ino).not.toBe(before);
    expect(readFileSync(file, 'utf8')).toMatch(/^#!\/usr\/bin\/env bash\n/);
    const buf = Buffer.alloc(64);
    const got = readSync(reader, buf, 0, 64, 0);
    closeSync(reader);
    expect(buf.subarray(0, got).toString()).toBe('old contents\n');
    // No temporary file is left behind.
    expect(readdirSync(dir)).toEqual(['grant.sh']);
  });

  it('never writes half a file: the target holds the old or the new contents only', async () => {
    const dir = fresh();
    const file = join(dir, 'report.json');
    writeFileSync(file, '{}\n');
    const full = (await runCli(['-f', 'json', DEMO])).stdout;
    // Read the target over and over while it is being replaced.
    const child = spawn(process.execPath, [BIN, '-f', 'json', '-o', file, DEMO], {
      cwd: ROOT,
      env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
    });
    const closed = new Promise((resolve) => child.on('close', resolve));
    let done = false;
    void closed.then(() => {
      done = true;
    });
    const seen = new Set<string>();
    while (!done) {
      seen.add(readFileSync(file, 'utf8'));
      await new Promise((resolve) => setImmediate(resolve));
    }
    seen.add(readFileSync(file, 'utf8'));
    for (const text of seen) expect(['{}\n', full]).toContain(text);
    expect(readFileSync(file, 'utf8')).toBe(full);
  });

  it.each([
    ['a FIFO', (path: string) => spawnSync('mkfifo', [path]), 'is a FIFO'],
    ['a directory', (path: string) => mkdirSync(path), 'is a directory'],
    [
      'a symbolic link',
      (path: string) => {
        writeFileSync(`${path}.target`, 'keep me\n');
        symlinkSync(`${path}.target`, path);
      },
      'is a symbolic link',
    ],
  ])('refuses %s, before reading any input: one line, exit 2', async (_, make, message) => {
    const dir = fresh();
    const target = join(dir, 'out');
    make(target);
    const kind = lstatSync(target).mode;
    // stdin left open and empty: a refusal must come before reading it.
    const r = await runCli(['-f', 'script', '-o', target], { stdin: '' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `audit2grant: --output ${target}: ${message}, not a regular file: name a new file or a regular file to replace\n`,
    );
    expect(lstatSync(target).mode).toBe(kind);
    if (message.includes('symbolic'))
      expect(readFileSync(`${target}.target`, 'utf8')).toBe('keep me\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('-o - writes to standard output, as without -o; ./- names a file', async () => {
    const dir = fresh();
    const demo = join(ROOT, DEMO);
    // A file named "-" is neither replaced nor read back.
    writeFileSync(join(dir, '-'), 'keep me\n');
    for (const format of ['script', 'json']) {
      const plain = await runCli(['-f', format, demo], { cwd: dir });
      const dash = await runCli(['-f', format, '-o', '-', demo], { cwd: dir });
      expect(dash.stderr).toBe('');
      expect(dash.code).toBe(plain.code);
      expect(dash.code).toBe(1);
      expect(dash.stdout).toBe(plain.stdout);
      expect(dash.stdout.length).toBeGreaterThan(1000);
    }
    expect(readdirSync(dir)).toEqual(['-']);
    expect(readFileSync(join(dir, '-'), 'utf8')).toBe('keep me\n');
    const file = await runCli(['-f', 'script', '-o', './-', demo], { cwd: dir });
    expect(file.code).toBe(1);
    expect(file.stdout).toBe('');
    expect(readFileSync(join(dir, '-'), 'utf8')).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(mode(join(dir, '-'))).toBe(0o700);
  });

  it('refuses a file in a directory that does not exist', async () => {
    const r = await runCli(['-o', join(tmp, 'no', 'such', 'dir', 'x'), DEMO]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^audit2grant: --output .*: its directory does not exist: create .* first\n$/,
    );
  });
});

/** A fresh directory whose `dcos` on PATH records each call's arguments in `log`, a line each. */
function dcosStub(): { dir: string; log: string; env: NodeJS.ProcessEnv } {
  const dir = fresh();
  const log = join(dir, 'calls');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'dcos'), `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >> '${log}'\n`, {
    mode: 0o755,
  });
  return { dir, log, env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` } };
}

describe('--group', () => {
  it('grants to the group, with the add_user lines commented', async () => {
    const r = await runCli(['-f', 'cli', '--group', 'data-services', DEMO]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '# Grants go to the group data-services, and apply to every member of it.',
    );
    expect(r.stdout).toContain('# dcos security org groups add_user data-services kafka-principal');
    expect(r.stdout).toMatch(
      /^dcos security org groups grant data-services dcos:mesos:master:task:user:nobody create --description /m,
    );
    expect(r.stdout).not.toMatch(/^dcos security org users/m);
    expect(r.stdout).not.toMatch(/^dcos security org groups add_user/m);
  });

  it('the group script and its revoke run against the dcos CLI', async () => {
    const { dir, log, env } = dcosStub();
    const grant = join(dir, 'grant.sh');
    const revoke = join(dir, 'revoke.sh');
    const args = ['--group', 'ops', '-a', 'metrics-sa', DEMO];
    await runCli(['-f', 'script', '-o', grant, ...args]);
    await runCli(['-f', 'revoke', '-o', revoke, ...args]);
    const out = spawnSync(grant, { env, encoding: 'utf8' });
    expect(out.status).toBe(0);
    writeFileSync(join(dir, 'grant.out'), out.stdout);
    expect(spawnSync(revoke, [join(dir, 'grant.out')], { env, encoding: 'utf8' }).status).toBe(0);
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual([
      'security org groups grant ops dcos:adminrouter:ops:mesos full --description audit2grant: denied to metrics-sa 3 times by adminrouter, last 2026-11-22T08:15:31.000Z',
      'security org groups grant ops dcos:adminrouter:ops:system-metrics full --description audit2grant: denied to metrics-sa 2 times by adminrouter, last 2026-11-22T12:45:00.000Z',
      'security org groups revoke ops dcos:adminrouter:ops:mesos full',
      'security org groups revoke ops dcos:adminrouter:ops:system-metrics full',
    ]);
    expect(out.stdout).toContain('granted  group:ops dcos:adminrouter:ops:mesos full');
  });
});

describe("revoke with the grant run's saved output", () => {
  it('reads it once, so a pipe works; one it cannot read stops it before any revoke (exit 2)', async () => {
    const { dir, log, env } = dcosStub();
    const revoke = join(dir, 'revoke.sh');
    await runCli(['-f', 'revoke', '-o', revoke, '-a', 'metrics-sa', DEMO]);
    const granted =
      'present  metrics-sa dcos:adminrouter:ops:mesos full\ngranted  metrics-sa dcos:adminrouter:ops:system-metrics full\n';
    writeFileSync(join(dir, 'grant.out'), granted);
    // Through process substitution: every check reads the same lines.
    const piped = spawnSync('bash', ['-c', `"$0" <(cat "$1")`, revoke, join(dir, 'grant.out')], {
      env,
      encoding: 'utf8',
    });
    expect(piped.status).toBe(0);
    // The second one checked is the one granted: a second read of a pipe would find nothing.
    expect(piped.stdout).toMatch(/kept {5}metrics-sa dcos:adminrouter:ops:mesos full/);
    expect(piped.stdout).toContain('revoked  metrics-sa dcos:adminrouter:ops:system-metrics full');
    expect(readFileSync(log, 'utf8')).toBe(
      'security org users revoke metrics-sa dcos:adminrouter:ops:system-metrics full\n',
    );
    for (const bad of [dir, '', join(dir, 'none.out')]) {
      const r = spawnSync(revoke, [bad], { env, encoding: 'utf8' });
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toMatch(
        /^cannot read .*: name the saved output of the grant script, or no argument\n$/,
      );
    }
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('audit2grant schema', () => {
  it('prints the JSON Schema of the json report, without reading input', async () => {
    const r = await runCli(['schema'], { stdin: 'not read' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const schema = JSON.parse(r.stdout) as { $schema: string; required: string[] };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const report = JSON.parse((await runCli(['-f', 'json', DEMO])).stdout) as object;
    expect(new Set(schema.required)).toEqual(new Set(Object.keys(report)));
  });

  it('still reads a file named like the command when given as a path', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'schema'), readFileSync(join(ROOT, DEMO)));
    const r = await runCli(['-f', 'json', join(dir, 'schema')]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).stats.lines).toBe(263);
  });
});

describe('--ca-cert in a script', () => {
  it('is written as an absolute path: the script may run from any directory', async () => {
    const dir = join(tmp, 'ca-relative');
    mkdirSync(dir);
    writeFileSync(join(dir, 'ca.pem'), 'not read here\n');
    const args = [
      '-f',
      'curl',
      '--ca-cert',
      'ca.pem',
      '--cluster-url',
      'https://x',
      join(ROOT, DEMO),
    ];
    const r = await runCli(args, { cwd: dir });
    expect(r.stdout).toContain(`\nca_cert=${join(dir, 'ca.pem')}\n`);
  });
});

describe('grant format usage errors', () => {
  it.each([
    [['-f', 'plan', DEMO], /--format plan writes the migration of one account/],
    [['-f', 'plan', '-a', 'a-sa', '-a', 'b-sa', DEMO], /one --account/],
    [['-f', 'plan', '-a', 'dcos_adminrouter', DEMO], /DC\/OS-native account/],
    [['-f', 'table', '--group', 'ops', DEMO], /--group applies to the formats/],
    [['-f', 'cli', '--group', 'no such group', DEMO], /"no such group" is not a group id/],
    [['-f', 'script', '--cluster-url', 'https://x', DEMO], /--cluster-url applies to/],
    [['-f', 'cli', '--ca-cert', 'ca.pem', DEMO], /--ca-cert applies to/],
    [['-f', 'json', '--explain', DEMO], /--explain applies to --format table, cli, script/],
    [['-f', 'curl', '--cluster-url', 'ftp://x', DEMO], /not an http\(s\) URL/],
    [['-f', 'curl', '--cluster-url', 'https://u:p@x', DEMO], /leave out credentials/],
    [
      ['-f', 'curl', '--cluster-url', 'http://dcos.example', DEMO],
      /--cluster-url http:\/\/dcos\.example is plain http: the token would travel unencrypted; use https, or --allow-http/,
    ],
    [
      ['-f', 'script', '--allow-http', DEMO],
      /--allow-http needs --cluster, --format curl, revoke-curl, plan, or the verify command/,
    ],
    [['schema', '--bogus'], /unknown option '--bogus'/],
    [['--acount', 'x', DEMO], /unknown option '--acount' \(Did you mean --account\?\)/],
  ])('%j: one line, exit 2', async (args, message) => {
    const r = await runCli(args, { stdin: '' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^audit2grant: /);
  });
});

describe('a cluster URL that holds a secret', () => {
  const url = 'https://admin:S3CRET@dcos.example/?token=T0KEN';
  it.each([
    [['-f', 'curl', '--cluster-url', url, DEMO], {}, 2],
    [['-f', 'curl', `--cluster-url=${url}`, DEMO], {}, 2],
    [['--cluster', url], {}, 2],
    [['--cluster'], { DCOS_URL: url, DCOS_ACS_TOKEN: 'a.b.c' }, 2],
    // verify: the check could not be made.
    [['verify', '-a', 'x', '--grants', '-'], { DCOS_URL: url, DCOS_ACS_TOKEN: 'a.b.c' }, 3],
  ])('%j is refused without showing its credentials or query', async (args, env, code) => {
    const r = await runCli(args, { stdin: 'x dcos:adminrouter:ops:mesos full\n', env });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain('https://<credentials>@dcos.example/?...');
    expect(r.stderr).toMatch(/leave out credentials, query and fragment/);
    expect(r.stderr).not.toMatch(/S3CRET|T0KEN|admin/);
  });
});

describe("a cluster URL that holds a secret, in the scripts' messages", () => {
  it('DCOS_URL and the CLI’s URL are shown without credentials or query', async () => {
    const url = 'https://admin:S3CRET@dcos.example/?token=T0KEN';
    const bin = join(tmp, 'secret-url-bin');
    mkdirSync(bin, { recursive: true });
    // The DC/OS CLI, set up for a URL with credentials.
    writeFileSync(join(bin, 'dcos'), `#!/bin/sh\necho '${url}'\n`);
    chmodSync(join(bin, 'dcos'), 0o755);
    const script = join(tmp, 'secret-url.sh');
    const cases: [string[], Record<string, string>][] = [
      [['-f', 'curl'], { DCOS_URL: url, DCOS_ACS_TOKEN: 'a.b.c' }],
      [['-f', 'curl'], {}],
      [['-f', 'curl', '--cluster-url', 'https://dcos.example'], {}],
      [
        ['-f', 'curl', '--cluster-url', 'https://dcos.example'],
        { DCOS_URL: url, DCOS_ACS_TOKEN: 'a.b.c' },
      ],
    ];
    for (const [args, env] of cases) {
      expect((await runCli([...args, '-o', script, DEMO])).code).toBe(1);
      const r = spawnSync('bash', [script], {
        env: { PATH: `${bin}:/usr/bin:/bin`, HOME: tmp, ...env },
        encoding: 'utf8',
      });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('https://<credentials>@dcos.example/?...');
      expect(r.stderr).not.toMatch(/S3CRET|T0KEN|admin/);
    }
  });
});
