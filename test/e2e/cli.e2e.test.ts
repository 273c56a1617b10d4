import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  write,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { fifo } from '../helpers/fifo.js';
import { BIN, ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEMO = 'fixtures/demo.log';
const demo = readFileSync(join(ROOT, DEMO));
const tmp = tempDir('a2g-e2e-');

/** The program run with its stdout a pipe whose reader is already gone: the first write fails (EPIPE). */
async function readerGone(args: string[]): Promise<{ code: unknown; stderr: string }> {
  const { reader, writer } = fifo(tmp);
  closeSync(reader);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', writer, 'pipe'],
  });
  closeSync(writer);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  return { code, stderr };
}

const PQ = (uid: string, rid: string, result = 'deny') =>
  `2026-11-22T10:00:08+0000 master-2 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=create object=${rid} result=${result} reason="no matching ACL"\n`;

function json(stdout: string) {
  return Report.parse(JSON.parse(stdout));
}

describe('audit2grant end to end', () => {
  it('prints the table for the demo journal and exits 1 for denials', async () => {
    const r = await runCli([DEMO]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Account kafka-principal: 6 denied permissions');
    expect(r.stdout).toMatch(/^Read 263 lines from 1 input: /m);
  });

  it('reads stdin, and "-", the same as a file', async () => {
    const file = json((await runCli(['-f', 'json', DEMO])).stdout);
    const piped = await runCli(['-f', 'json'], { stdin: demo });
    const dash = await runCli(['-f', 'json', '-'], { stdin: demo });
    expect(piped.code).toBe(1);
    for (const r of [json(piped.stdout), json(dash.stdout)]) {
      expect(r.inputs[0]!.source).toBe('-');
      // Each grant's sample record names where it was read: here "-", there the file.
      const unsourced = (accounts: typeof file.accounts) =>
        accounts.map((a) => ({
          ...a,
          denied: a.denied.map((d) => ({ ...d, sample: d.sample && { ...d.sample, source: '' } })),
        }));
      expect(unsourced(r.accounts)).toEqual(unsourced(file.accounts));
      expect(r.accounts[0]!.denied[0]!.sample!.source).toBe('-');
      expect(r.stats).toEqual(file.stats);
    }
  });

  it('merges several files and counts each', async () => {
    const r = json(
      (await runCli(['-f', 'json', DEMO, 'fixtures/journals/quirks/json.txt'])).stdout,
    );
    expect(r.inputs.map((i) => i.source)).toEqual([DEMO, 'fixtures/journals/quirks/json.txt']);
    expect(r.stats.lines).toBe(r.inputs[0]!.lines + r.inputs[1]!.lines);
  });

  it('exits 0 when there are no denials', async () => {
    const r = await runCli([], {
      stdin: `${PQ('kafka-principal', 'dcos:mesos:master:framework:role:k', 'allow')}noise\n`,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No denials found.');
  });

  it('does not say "No denials found." alone when journald dropped messages', async () => {
    const r = await runCli([], {
      stdin: `2026-11-22T10:00:07+0000 master-1 systemd-journald[300]: Suppressed 1234 messages from dcos-bouncer.service\n${PQ('kafka-principal', 'dcos:mesos:master:framework:role:k', 'allow')}`,
    });
    expect(r.stdout).toContain(
      'No denials found, but journald dropped 1234 messages, which may hide some.',
    );
    expect(r.stdout).not.toContain('No denials found.');
  });

  it('exits 1 when the only denial may hide in a suspicious record, and says so', async () => {
    // A client's User-Agent that forges a second uid: the record is never
    // granted, and is no proof that nothing was denied.
    const forged = `2026-11-22T10:00:07+0000 master-1 mesos-master[3708]: I1122 10:00:07.752534  3708 logfmt.cpp:178] dstip=10.0.0.1 type=audit timestamp=2026-11-22 10:00:07.752+00:00 reason="Error" uid="svc" object="/master/state" agent="x" uid="admin" authorizer="mesos-master" action="GET" result=deny srcip=10.0.0.2 dstport=5050 srcport=4000\n`;
    const r = await runCli([], { stdin: forged });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('No denials found, but 1 suspicious record may hide one.');
    // With --account, only the accounts named count: a suspicious record's is
    // not known, and no record names svc: nothing read of it (3), not "no denials".
    expect((await runCli(['-a', 'svc'], { stdin: forged })).code).toBe(3);
  });

  it('exits 1 when a record cut before its result may hide a denial, and says so', async () => {
    const cut = PQ('kafka-principal', 'dcos:mesos:master:framework:role:k').replace(
      ' result=deny reason="no matching ACL"',
      '',
    );
    const r = await runCli([], { stdin: cut });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('No denials found, but 1 malformed record may hide one.');
    // No record names kafka-principal: nothing read of it, not "no denials".
    expect((await runCli(['-a', 'kafka-principal'], { stdin: cut })).code).toBe(3);
  });

  it('refuses an --output that is one of the inputs, and leaves the journal as it was', async () => {
    const journal = join(tmp, 'own-output.log');
    writeFileSync(journal, demo);
    for (const output of [journal, join(tmp, '.', 'own-output.log')]) {
      const r = await runCli(['-f', 'cli', '-o', output, journal]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is also an input: .*name another file\n$/);
    }
    expect(readFileSync(journal).equals(demo)).toBe(true);
  });

  it('refuses an --output that is a file the run reads besides its journals, or the state lock', async () => {
    const kept = '{"direct": [], "groups": []}\n';
    const file = (name: string) => {
      const path = join(tmp, name);
      writeFileSync(path, kept);
      return path;
    };
    const existing = file('kafka-principal.json');
    const key = file('id_ed25519');
    const ca = file('ca.pem');
    for (const [args, what] of [
      [['--existing', `kafka-principal=${existing}`, '-o', existing], 'an --existing file'],
      [['--ssh', '127.0.0.1:1', '-i', key, '-o', key], 'an SSH key'],
      [['-f', 'curl', '--ca-cert', ca, '-o', ca], 'the --ca-cert'],
      [
        ['--state', join(tmp, 'o.state'), '-o', join(tmp, 'o.state.lock')],
        "the --state file's lock",
      ],
    ] as const) {
      const r = await runCli([...args, DEMO]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`is also ${what}: the report would replace it; name another file\n$`),
      );
    }
    for (const path of [existing, key, ca]) expect(readFileSync(path, 'utf8')).toBe(kept);
    // What OpenSSH reads unasked: ~/.ssh's known_hosts, config and keys.
    const home = join(tmp, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    for (const [name, what] of [
      ['known_hosts', 'the known_hosts file'],
      ['config', 'the SSH config'],
      ['id_ed25519', 'an SSH key'],
    ] as const) {
      const path = join(home, '.ssh', name);
      writeFileSync(path, kept);
      const r = await runCli(['--ssh', '127.0.0.1:1', '-o', path], { env: { HOME: home } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`is also ${what}: the report would replace it`);
      expect(readFileSync(path, 'utf8')).toBe(kept);
    }
  });

  it('a device that never was a terminal as stdin or stdout: the usual exit, not a hangup', () => {
    const run = (stdio: (number | 'pipe')[]) =>
      spawnSync(process.execPath, [BIN, DEMO], { cwd: ROOT, stdio: stdio as never });
    const zero = openSync('/dev/zero', 'r');
    const full = openSync('/dev/full', 'w');
    try {
      expect(run([zero, 'pipe', 'pipe'])).toMatchObject({ status: 1, signal: null });
      // No room for the report: not all written, 3.
      expect(run(['pipe', full, 'pipe'])).toMatchObject({ status: 3, signal: null });
    } finally {
      closeSync(zero);
      closeSync(full);
    }
  });

  it('refuses a file named twice, whose records would count twice', async () => {
    const r = await runCli([DEMO, `./${DEMO}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is named twice');
  });

  it('refuses main options a subcommand would ignore, and host options without hosts', async () => {
    const refused: [string[], string][] = [
      [['schema', '-o', join(tmp, 'schema.json')], '--output does not apply to schema'],
      [['-a', 'x', 'schema'], '--account does not apply to schema'],
      [['--since', 'today', 'templates'], '--since does not apply to templates'],
      [['--parallel', '4', DEMO], '--parallel needs --ssh or --cluster'],
      [['--connect-timeout', '5', DEMO], '--connect-timeout needs --ssh or --cluster'],
      [['--ssh-user', 'core', DEMO], '--ssh-user needs --ssh'],
      [['--identity', 'id_ed25519', DEMO], '--identity needs --ssh'],
      [['--sudo', '--cluster', 'https://127.0.0.1:1'], '--sudo needs --ssh'],
      [['--masters', '10.0.0.1', DEMO], '--masters needs --cluster'],
    ];
    for (const [args, message] of refused) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
    // What a subcommand reads of the main options stays allowed.
    expect((await runCli(['--dcos-version', '1.10', 'templates'])).code).toBe(0);
  });

  it('grants a pair the permissions reference does not list, as seen, and warns of it', async () => {
    const unlisted = PQ('p1', 'dcos:mesos:master:framework:role:r1').replace(
      'action=create',
      'action=read',
    );
    // A DC/OS-native account's is never granted: not warned of as granted.
    const native = unlisted.replace('uid=p1', 'uid=dcos_net');
    const r = await runCli(['-f', 'json'], {
      stdin: unlisted + PQ('p1', 'dcos:mesos:master:task:user:nobody') + native,
    });
    const report = json(r.stdout);
    const p1 = report.accounts.find((a) => a.uid === 'p1')!;
    expect(p1.denied.map((d) => [d.rid, d.action, d.grant])).toEqual([
      ['dcos:mesos:master:framework:role:r1', 'read', 'grant'],
      ['dcos:mesos:master:task:user:nobody', 'create', 'grant'],
    ]);
    expect(report.warnings).toEqual([
      {
        code: 'unlisted-action',
        message:
          '1 denied permission names an action the permissions reference does not list for its id (dcos:mesos:master:framework:role:r1 read): granted as seen; check that the service needs it',
        count: 1,
      },
    ]);
  });

  it('warns when nothing looks like audit records', async () => {
    const r = await runCli([], { stdin: 'hello\nworld\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no audit records found');
  });

  it('with --account, reports and counts only those accounts', async () => {
    const only = json(
      (await runCli(['-f', 'json', '-a', 'metrics-sa', '-a', 'cicd-deployer', DEMO])).stdout,
    );
    expect(only.accounts.map((a) => a.uid)).toEqual(['cicd-deployer', 'metrics-sa']);
    const none = await runCli(['-a', 'nobody-here', DEMO]);
    expect(none.code).toBe(3);
  });

  it('is deterministic with SOURCE_DATE_EPOCH', async () => {
    const a = await runCli(['-f', 'script', DEMO]);
    const b = await runCli(['-f', 'script', DEMO]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('at 1970-01-01T00:00:00.000Z');
    // A value that is not a time is refused in one line, before any input is read.
    for (const epoch of ['abc', '-5', '1.5', '8640000000001']) {
      const bad = await runCli(['-f', 'cli', DEMO], { env: { SOURCE_DATE_EPOCH: epoch } });
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/^audit2grant: SOURCE_DATE_EPOCH=\S+: not a time: [^\n]+\n$/);
    }
  });

  it('emits risky grants as comments, or as commands with --allow-risky', async () => {
    const line =
      'dcos security org users grant jenkins-principal dcos:mesos:master:task:user:root create';
    const safe = await runCli(['-f', 'cli', DEMO]);
    expect(safe.stdout).toContain(`# ${line}`);
    const risky = await runCli(['-f', 'cli', '--allow-risky', DEMO]);
    expect(risky.stdout).toMatch(new RegExp(`^${line}`, 'm'));
    expect(risky.stdout).toContain('# risky, emitted by --allow-risky: runs tasks as root');
  });

  it('reads CRLF input like LF input', async () => {
    const lf = json((await runCli(['-f', 'json'], { stdin: demo })).stdout);
    const crlf = json(
      (await runCli(['-f', 'json'], { stdin: demo.toString('latin1').replace(/\n/g, '\r\n') }))
        .stdout,
    );
    expect(crlf.accounts).toEqual(lf.accounts);
    expect(crlf.stats).toEqual(lf.stats);
  });

  it('skips and counts lines over --max-line, and keeps the rest', async () => {
    const huge = `${'x'.repeat(3 * 1024 * 1024)}type=audit\n`;
    const input =
      PQ('a-sa', 'dcos:mesos:master:framework:role:r') +
      huge +
      PQ('b-sa', 'dcos:mesos:master:framework:role:r');
    const r = await runCli(['-f', 'json', '--max-line', '1M'], { stdin: input });
    const report = json(r.stdout);
    expect(report.stats).toMatchObject({ lines: 3, tooLong: 1, records: 2 });
    expect(report.accounts.map((a) => a.uid)).toEqual(['a-sa', 'b-sa']);
    expect(report.warnings.map((w) => w.code)).toContain('too-long');
  });

  it('writes the report and exits 3 when a file cannot be read', async () => {
    const r = await runCli(['-f', 'json', DEMO, 'no/such/file.log']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('audit2grant: no/such/file.log: no such file: check the path\n');
    const report = json(r.stdout);
    expect(report.partial).toBe(true);
    expect(report.accounts.length).toBeGreaterThan(0);
    expect(report.inputs[1]).toMatchObject({
      complete: false,
      error: 'no such file: check the path',
    });
    const table = await runCli([DEMO, 'no/such/file.log']);
    expect(table.stdout).toMatch(/^PARTIAL: Read/m);
  });

  it('refuses a binary journal file with the command that reads it', async () => {
    const exported = join(tmp, 'one.export');
    writeFileSync(
      exported,
      `__REALTIME_TIMESTAMP=1763805607000000\n_HOSTNAME=m\nMESSAGE=hello\n\n`,
    );
    const journal = join(tmp, 'one.journal');
    const made = spawnSync('/lib/systemd/systemd-journal-remote', [
      `--output=${journal}`,
      exported,
    ]);
    expect(made.status).toBe(0);
    const r = await runCli([journal]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`journalctl --file ${journal} -o json | audit2grant`);
  });

  it.each([
    [['--format', 'xml'], /argument 'xml' is invalid/],
    [['--max-line', 'lots'], /"lots" is not a size/],
    [['--max-line', '10'], /out of range/],
    // A line old journald cut is never skipped (parser/split-line.ts).
    [['--max-line', '2K'], /2K is out of range: use 4K to 1G/],
    [['-a', 'not an id'], /"not an id" is not an account id/],
    [['--bogus'], /unknown option '--bogus'/],
    [['-', '-'], /can be named only once/],
    [['-o', 'reports/'], /--output reports\/: it ends in \/, as a directory does: name a file/],
    // An escape on the command line is shown, never sent to the terminal.
    [['-a', 'x\x1b[2Jy'], /argument 'x\\x1b\[2Jy' is invalid/],
    [['--since', '\x1b[31mred'], /argument '\\x1b\[31mred' is invalid/],
  ])('usage error %j: one line, exit 2', async (args, message) => {
    const r = await runCli(args, { stdin: '' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^audit2grant: /);
  });

  it('shows examples and exit codes in --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain("journalctl -u 'dcos-*'");
    expect(r.stdout).toContain('Exit codes:');
  });

  it('ends quietly when the reader closes the pipe', async () => {
    // Enough distinct denials for a report far larger than a pipe buffer.
    const lines = Array.from({ length: 20000 }, (_, i) =>
      PQ(`sa-${i}`, `dcos:mesos:master:framework:role:r${i}`),
    ).join('');
    const file = join(tmp, 'many.log');
    writeFileSync(file, lines);
    const r = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; node ${BIN} -f json ${file} | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('1');
    const help = spawnSync(
      'bash',
      ['-c', `node ${BIN} --help | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`],
      {
        encoding: 'utf8',
      },
    );
    expect(help.stderr).toBe('');
    expect(help.stdout.trim()).toBe('0');
    // ndjson events go out while reading: a pipe closed then ends the run
    // before its report, which is not "no denials". Nothing is said of what
    // was left unread (an -a account no record read so far names).
    const { code, stderr } = await readerGone([
      '-f',
      'ndjson',
      '-a',
      'sa-1',
      '-a',
      'sa-19999',
      file,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(3);
  });

  it('a follow whose ndjson reader is gone ends, its state saved: the next run tells nothing again', async () => {
    const file = join(tmp, 'followed.log');
    writeFileSync(file, PQ('sa-1', 'dcos:mesos:master:framework:role:r1'));
    const state = join(tmp, 'closed-reader.state');
    const { code, stderr } = await readerGone(['--follow', '--state', state, '-f', 'ndjson', file]);
    expect(stderr).toContain('audit2grant: following ended: standard output closed\n');
    expect(code).toBe(3);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ runs: 1 });
    expect(existsSync(`${state}.lock`)).toBe(false);
    const again = await runCli(['--state', state, '-f', 'ndjson', file]);
    expect(again.stdout).not.toContain('"event":"denied"');
  });

  it('a follow whose ndjson reader went still says that its state could not be saved', async () => {
    const file = join(tmp, 'followed-unsaved.log');
    writeFileSync(file, PQ('sa-1', 'dcos:mesos:master:framework:role:r1'));
    const state = join(tmp, 'unsaved.state');
    const child = spawn(
      process.execPath,
      [BIN, '--follow', '--state', state, '-f', 'ndjson', file],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Once it has told of the first denial, its state is made a link, then its reader goes.
    await new Promise<void>((resolve) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('"event":"denied"')) resolve();
      });
    });
    writeFileSync(join(tmp, 'elsewhere'), '');
    rmSync(state, { force: true });
    symlinkSync(join(tmp, 'elsewhere'), state);
    child.stdout.destroy();
    appendFileSync(file, PQ('sa-2', 'dcos:mesos:master:framework:role:r2'));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(3);
    expect(stderr).toContain('audit2grant: following ended: standard output closed\n');
    expect(stderr).toMatch(/^audit2grant: --state \S+: .*not written/m);
  });

  it('shows the samples as read when the file changes while the report is written', async () => {
    // A report far larger than a pipe holds: with the reader paused, the
    // writer waits early on in it, after the file was read.
    const file = join(tmp, 'changing.log');
    const journal = Array.from({ length: 3000 }, (_, i) =>
      PQ(`sa-${i}`, `dcos:mesos:master:framework:role:r${i}`),
    ).join('');
    writeFileSync(file, journal);
    const child = spawn(process.execPath, [BIN, '-f', 'json', file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) =>
      child.stdout.once('data', (d: Buffer) => {
        out.push(d);
        child.stdout.pause();
        resolve();
      }),
    );
    // Every line where it was, each account renamed: nothing shown may come from these.
    writeFileSync(file, journal.replaceAll('uid=sa-', 'uid=sb-'));
    child.stdout.on('data', (d: Buffer) => out.push(d)).resume();
    const code = await new Promise((r) => child.on('close', r));
    const report = json(Buffer.concat(out).toString('utf8'));
    expect(code).toBe(1);
    expect(report.partial).toBe(false);
    expect(report.accounts).toHaveLength(3000);
    for (const account of report.accounts)
      expect(account.denied[0]!.sample?.text).toContain(`uid=${account.uid} `);
    expect(stderr).toBe('');
  });

  it('on Ctrl-C, stops reading a FIFO whose writer goes on, as it stops a pipe', async () => {
    // The test holds the FIFO's writing end open throughout: the reading is
    // not over when the signal comes, and a read left waiting on the writer
    // would keep the run alive until the end of the test.
    const { path, reader, writer } = fifo(tmp);
    const child = spawn(process.execPath, [BIN, '-f', 'json', path], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    const record = Buffer.from(PQ('early-sa', 'dcos:mesos:master:framework:role:r'));
    const noise = Buffer.alloc(1024 * 1024, 'noise line\n');
    // Written once the run has read all but what the FIFO holds: it is reading.
    await new Promise((r) => write(writer, Buffer.concat([record, noise]), r));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('close', r));
    closeSync(writer);
    closeSync(reader);
    expect(code).toBe(3);
    const report = json(stdout);
    expect(report.inputs[0]).toMatchObject({ complete: false, error: 'interrupted' });
    expect(report.accounts.map((a) => a.uid)).toEqual(['early-sa']);
  });

  it('on Ctrl-C, writes the report of what was read, marked partial, and exits 3', async () => {
    const child = spawn(process.execPath, [BIN, '-f', 'json'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stdin.write(PQ('early-sa', 'dcos:mesos:master:framework:role:r'));
    // More noise than a pipe holds: once it drains, the reader is running
    // (its Ctrl-C handler is installed before it reads) and has read the
    // record, which came first. stdin stays open: the reading is not over.
    const noise = Buffer.alloc(1024 * 1024, 'noise line\n');
    if (!child.stdin.write(noise)) await new Promise((r) => child.stdin.once('drain', r));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(3);
    const report = json(stdout);
    expect(report.partial).toBe(true);
    expect(report.inputs[0]).toMatchObject({ complete: false, error: 'interrupted' });
    expect(report.stats.records).toBe(1);
    expect(report.accounts.map((a) => a.uid)).toEqual(['early-sa']);
  });
});
