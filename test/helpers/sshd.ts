import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROCID_SH } from './process-identity.js';

/**
 * Test harness for the SSH source: real OpenSSH sshd processes on 127.0.x.y
 * loopback addresses, each serving its own journal file through the real
 * journalctl, keys made with ssh-keygen, a real ssh-agent, and the built
 * audit2grant binary run as a child process with HOME pointed at a temp dir.
 *
 * Each "host" is one sshd (`-D -e -f config`, no PAM, StrictModes off since
 * tests run as root) whose sessions get PATH=<bin>:/usr/bin:/bin through
 * `SetEnv`. <bin>/journalctl is a wrapper that execs
 * `/usr/bin/journalctl --file <that host's .journal> "$@"` (`--directory`
 * when the host's journal is a directory of them), so the remote
 * command audit2grant sends is run unchanged. Other modes of the wrapper make
 * hosts that fail in the ways real ones do. Journal files are built at test
 * time from the Journal Export Format by systemd-journal-remote.
 */

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'audit2grant.js');
export const SSHD = '/usr/sbin/sshd';
const JOURNAL_REMOTE = [
  '/lib/systemd/systemd-journal-remote',
  '/usr/lib/systemd/systemd-journal-remote',
].find((p) => existsSync(p));

const children = new Set<ChildProcess>();
const dirs = new Set<string>();

/** Ends every process the harness started and removes its temp dirs. */
export async function cleanup(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  await Promise.all([...dirs].map((d) => rm(d, { recursive: true, force: true })));
  dirs.clear();
}

process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function tempDir(prefix = 'a2g-ssh-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end (no shell). */
export function run(
  file: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { env: opts.env ?? process.env, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code ?? 1) : 0;
        if (typeof code !== 'number') reject(err);
        else resolve({ code, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

async function must(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await run(file, args, { env });
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

// ---------------------------------------------------------------- keys

export interface KeyPair {
  path: string;
  pub: string;
}

export async function keygen(
  path: string,
  opts: { type?: 'ed25519' | 'ecdsa' | 'rsa'; passphrase?: string } = {},
): Promise<KeyPair> {
  await must('ssh-keygen', [
    '-q',
    '-t',
    opts.type ?? 'ed25519',
    '-N',
    opts.passphrase ?? '',
    '-C',
    'a2g-test',
    '-f',
    path,
  ]);
  return { path, pub: readFileSync(`${path}.pub`, 'utf8').trim() };
}

/** The SHA256 fingerprint ssh-keygen prints for a public key file. */
export async function sshFingerprint(pubPath: string): Promise<string> {
  const out = await must('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubPath]);
  return out.split(' ')[1]!;
}

/** A known_hosts line the way ssh writes it. */
export function knownHostsLine(address: string, port: number, pub: string): string {
  const [type, key] = pub.split(' ');
  const name = port === 22 ? address : `[${address}]:${port}`;
  return `${name} ${type} ${key}`;
}

// ---------------------------------------------------------------- journals

export interface Entry {
  /** Microseconds since the epoch. */
  usec: bigint;
  /** _HOSTNAME; absent: no host field. */
  host?: string;
  unit: string;
  ident: string;
  pid?: number;
  message: string | Buffer;
}

const BOOT_ID = '5f0c2d6e8a9b4c1d9e7f3a2b1c0d4e5f';
const BOOT_USEC = 1_763_600_000_000_000n;

function field(name: string, value: string | Buffer): Buffer {
  const buf = typeof value === 'string' ? Buffer.from(value) : value;
  const binary = buf.some((b) => b < 0x20 || b === 0x7f);
  if (!binary) return Buffer.concat([Buffer.from(`${name}=`), buf, Buffer.from('\n')]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(buf.length));
  return Buffer.concat([Buffer.from(`${name}\n`), len, buf, Buffer.from('\n')]);
}

/** systemd's Journal Export Format. */
export function exportFormat(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(
      field('__REALTIME_TIMESTAMP', String(e.usec)),
      field('__MONOTONIC_TIMESTAMP', String(e.usec - BOOT_USEC)),
      field('_BOOT_ID', BOOT_ID),
      field('_TRANSPORT', 'stdout'),
      field('_SYSTEMD_UNIT', e.unit),
      field('SYSLOG_IDENTIFIER', e.ident),
      field('PRIORITY', '6'),
    );
    if (e.host !== undefined) parts.push(field('_HOSTNAME', e.host));
    if (e.pid !== undefined) parts.push(field('_PID', String(e.pid)));
    parts.push(field('MESSAGE', e.message), Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/** A real journal file, written by systemd-journal-remote. */
export async function buildJournal(dir: string, name: string, entries: Entry[]): Promise<string> {
  if (!JOURNAL_REMOTE)
    throw new Error('systemd-journal-remote not found (apt-get install systemd-journal-remote)');
  const journal = join(dir, `${name}.journal`);
  // A new file is written in a directory of its own (journalctl reads no
  // subdirectory but a machine id's) and moved in whole, as journald moves in
  // the files it archives: a journalctl -f watching the directory never finds
  // it half written. An existing one is appended to where it is.
  const fresh = !existsSync(journal);
  const stage = fresh ? join(dir, '.staging') : dir;
  mkdirSync(stage, { recursive: true });
  const exportPath = join(stage, `${name}.export`);
  const output = join(stage, `${name}.journal`);
  writeFileSync(exportPath, exportFormat(entries));
  const r = await run(JOURNAL_REMOTE, [`--output=${output}`, '--split-mode=none', exportPath]);
  if (r.code !== 0 || !r.stderr.includes(`writing ${entries.length} entries`)) {
    throw new Error(`systemd-journal-remote failed: ${r.stderr}`);
  }
  if (fresh) renameSync(output, journal);
  return journal;
}

/** What `journalctl -u 'dcos-*' -o json --all` prints for these journals, one after another. */
export async function journalJson(journals: string[]): Promise<string> {
  const out: string[] = [];
  for (const j of journals) {
    out.push(
      await must('journalctl', ['--file', j, '-u', 'dcos-*', '--no-pager', '--all', '-o', 'json']),
    );
  }
  return out.join('');
}

const T0 = 1_763_805_600_000_000n; // 2025-11-22T10:00:00Z

function iso(usec: bigint): string {
  return new Date(Number(usec / 1000n)).toISOString();
}

/**
 * Audit records of every component for one host: denials of an account of
 * its own (`svc-<n>`) and of one shared by all hosts (`kafka-principal`),
 * allows, an unauthenticated request, a Marathon record in colour (stored by
 * journald as bytes), `count` rounds of them.
 */
export function auditEntries(
  host: string | undefined,
  n: number,
  count = 1,
  offsetSec = 0,
): Entry[] {
  const out: Entry[] = [];
  for (let r = 0; r < count; r++) {
    const base = T0 + BigInt(offsetSec + r * 60) * 1_000_000n + BigInt(n) * 1000n;
    const at = (s: number) => base + BigInt(s) * 1_000_000n;
    const t = (s: number) => iso(at(s)).replace('.000Z', 'Z');
    out.push(
      {
        usec: at(1),
        host,
        unit: 'dcos-adminrouter.service',
        ident: 'nginx',
        pid: 2208,
        message: `2025/11/22 10:00:01 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=${t(1)} authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/mesos/master/state uid=svc-${n}, client: 10.0.1.5, server: master.mesos, request: "GET /mesos/master/state HTTP/1.1", host: "master.mesos"`,
      },
      {
        usec: at(2),
        host,
        unit: 'dcos-bouncer.service',
        ident: 'bouncer.sh',
        pid: 1877,
        message: `[251122-10:00:02.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=${iso(at(2)).replace('Z', '207Z')} srcip=127.0.0.1 authorizer=bouncer uid=kafka-principal action=create object=dcos:mesos:master:reservation:role:kafka-role result=deny reason="no matching ACL"`,
      },
      {
        usec: at(3),
        host,
        unit: 'dcos-adminrouter.service',
        ident: 'nginx',
        pid: 2208,
        message: `2025/11/22 10:00:03 [notice] 2208#0: *9913 [lua] ee.lua:57: auditlog(): type=audit timestamp=${t(3)} authorizer=adminrouter object=dcos:adminrouter:ops:metadata action=full result=allow reason="IAM PQ response" srcip=10.0.1.5 srcport=40214 request_uri=/metadata uid=svc-${n}, client: 10.0.1.5, server: master.mesos, request: "GET /metadata HTTP/1.1", host: "master.mesos"`,
      },
      {
        usec: at(4),
        host,
        unit: 'dcos-adminrouter.service',
        ident: 'nginx',
        pid: 2208,
        message: `2025/11/22 10:00:04 [notice] 2208#0: *9914 [lua] ee.lua:57: auditlog(): type=audit timestamp=${t(4)} authorizer=adminrouter object=dcos:adminrouter:package action=full result=deny reason="not authenticated" srcip=10.0.1.8 srcport=40300 request_uri=/package/list, client: 10.0.1.8, server: master.mesos, request: "POST /package/list HTTP/1.1", host: "master.mesos"`,
      },
      {
        usec: at(5),
        host,
        unit: 'dcos-marathon.service',
        ident: 'marathon.sh',
        pid: 3101,
        message: Buffer.from(
          `[2025-11-22 10:00:05,120] \u001b[32mINFO\u001b[0m  timestamp=${iso(at(5))} type=audit uid=deploy-${n} srcip=10.0.1.9 srcport=51234 dstip=10.0.0.2 dstport=8443 authorizer=marathon action=CreateRunSpec path=/prod/web-${n} result=deny (dcos.marathon.auditlog:ForkJoinPool-2)`,
        ),
      },
    );
  }
  return out;
}

/** Ordinary log lines of the dcos-* units, about `size` bytes of message each. */
export function noiseEntries(
  host: string | undefined,
  count: number,
  size = 200,
  offsetSec = 0,
): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const usec = T0 + BigInt(offsetSec) * 1_000_000n + BigInt(i) * 7_000n;
    const text = `I1122 10:00:00.${String(i % 1_000_000).padStart(6, '0')}  3708 master.cpp:${1000 + (i % 900)}] Received heartbeat from agent a5b3-S${i % 50} at slave(1)@10.0.2.${i % 250}:5051 `;
    out.push({
      usec,
      host,
      unit: 'dcos-mesos-master.service',
      ident: 'mesos-master',
      pid: 3708,
      message: text.padEnd(size, 'x'),
    });
  }
  return out;
}

// ---------------------------------------------------------------- sshd

/** How a host's `journalctl` behaves. */
export type HostMode =
  /** The real journalctl on the host's journal file. */
  | 'journal'
  /** A journalctl without --grep (systemd < 237): the grep -F fallback runs. */
  | 'nogrep'
  /** Prints its first lines, then kills its own SSH session: a connection dropped mid-stream. */
  | 'drop'
  /**
   * Like 'journal', and appends the ProcessId (process-identity.ts) of each
   * journalctl to <dir>/journalctl.pids, for a test that kills it, or its SSH
   * session, or waits for it to end.
   * When <dir>/cut holds a number N, the next journalctl prints the first N
   * lines it reads (also kept in <dir>/cut.out), the last one cut short just
   * after its "type=audit", and exits 137: killed while writing.
   */
  | 'watched'
  /** journalctl fails like a user without access to the journal. */
  | 'denied'
  /** No journalctl on PATH. */
  | 'missing'
  /** journalctl sends nothing and does not end (for 15 s): a command stuck on the host. */
  | 'stuck'
  /**
   * Like 'journal', and logs start/end times to <dir>/sessions.log (for
   * concurrency checks); a session starts reading only once a second one has
   * started, on any host of the same parent directory.
   */
  | 'logged';

export interface SshdOptions {
  dir: string;
  address: string;
  port?: number;
  hostKey: KeyPair;
  /** Public keys allowed to log in as root. */
  authorized: string[];
  journal?: string;
  mode?: HostMode;
  allowTcpForwarding?: boolean;
  /** A fake `sudo`: 'ok' runs the command after `-n`, 'password' refuses like sudo -n does. */
  sudo?: 'ok' | 'password';
  logLevel?: 'INFO' | 'VERBOSE' | 'DEBUG1';
}

export interface Sshd {
  address: string;
  port: number;
  /** `address:port`, as given to --ssh. */
  target: string;
  hostKey: KeyPair;
  dir: string;
  /** The listening sshd: each connection is served by a process it forks. */
  pid: number;
  /** What sshd wrote on stderr. */
  log(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on now, on that address. */
export function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

function journalWrapper(bin: string, journal: string, mode: HostMode, dir: string): void {
  const where = existsSync(journal) && statSync(journal).isDirectory() ? '--directory' : '--file';
  const exec = `/usr/bin/journalctl ${where} '${journal}' "$@"`;
  switch (mode) {
    case 'journal':
      script(join(bin, 'journalctl'), `exec ${exec}`);
      return;
    case 'watched':
      script(
        join(bin, 'journalctl'),
        [
          PROCID_SH,
          `procid $$ >> '${dir}/journalctl.pids'`,
          `if [ -f '${dir}/cut' ]; then`,
          `  n=$(cat '${dir}/cut'); rm '${dir}/cut'`,
          `  ${exec} | head -n "$n" > '${dir}/cut.out'`,
          `  sed '$ s/\\(type=audit\\).*/\\1/' '${dir}/cut.out' | head -c -1`,
          '  exit 137',
          'fi',
          `exec ${exec}`,
        ].join('\n'),
      );
      return;
    case 'logged':
      script(
        join(bin, 'journalctl'),
        [
          `case "$*" in *audit2grant-probe*) exec ${exec};; esac`,
          `echo "start $(date +%s.%N)" >> '${dir}/sessions.log'`,
          // Waits until a second session has started on any host (their logs
          // share a parent directory): sessions overlap by construction, not by
          // timing. Only a reader of one host at a time reaches the 120 s limit.
          'i=0',
          `while [ "$(cat '${dirname(dir)}'/*/sessions.log | grep -c '^start')" -lt 2 ] && [ "$i" -lt 2400 ]; do`,
          '  sleep 0.05; i=$((i + 1))',
          'done',
          exec,
          's=$?',
          `echo "end $(date +%s.%N)" >> '${dir}/sessions.log'`,
          'exit $s',
        ].join('\n'),
      );
      return;
    case 'nogrep':
      script(
        join(bin, 'journalctl'),
        [
          'for a in "$@"; do',
          `  case "$a" in --grep*) echo "journalctl: unrecognized option '$a'" >&2; exit 1;; esac`,
          'done',
          `exec ${exec}`,
        ].join('\n'),
      );
      return;
    case 'drop':
      script(
        join(bin, 'journalctl'),
        [
          `case "$*" in *audit2grant-probe*) exec ${exec};; esac`,
          `${exec} | head -n 3`,
          // Walk up to this session's sshd and kill it: the TCP connection drops.
          'p=$$',
          'while [ "$p" -gt 1 ]; do',
          '  if [ "$(cat /proc/$p/comm)" = sshd ]; then kill -9 "$p"; sleep 5; exit 0; fi',
          `  p=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/$p/status)`,
          'done',
          'exit 99',
        ].join('\n'),
      );
      return;
    case 'denied':
      script(
        join(bin, 'journalctl'),
        'echo "No journal files were opened due to insufficient permissions." >&2\nexit 1',
      );
      return;
    case 'missing':
      return;
    case 'stuck':
      script(
        join(bin, 'journalctl'),
        [`case "$*" in *audit2grant-probe*) exec ${exec};; esac`, 'sleep 15'].join('\n'),
      );
      return;
  }
}

const sshds = new Set<Sshd>();

export async function startSshd(opts: SshdOptions): Promise<Sshd> {
  mkdirSync('/run/sshd', { recursive: true });
  const name = `${opts.address}-${opts.port ?? 'any'}-${Math.random().toString(36).slice(2, 8)}`;
  const dir = join(opts.dir, name);
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const mode = opts.mode ?? 'journal';
  if (mode !== 'missing' && !opts.journal) throw new Error('a journal is needed');
  journalWrapper(bin, opts.journal ?? '', mode, dir);
  let path = `${bin}:/usr/bin:/bin`;
  if (mode === 'missing') {
    // Only sh and grep: no journalctl anywhere on PATH.
    symlinkSync('/bin/sh', join(bin, 'sh'));
    symlinkSync('/bin/grep', join(bin, 'grep'));
    path = bin;
  }
  if (opts.sudo === 'ok') {
    script(join(bin, 'sudo'), '[ "$1" = -n ] || exit 1\nshift\nexec "$@"');
  } else if (opts.sudo === 'password') {
    script(join(bin, 'sudo'), 'echo "sudo: a password is required" >&2\nexit 1');
  }
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, opts.authorized.map((k) => `${k}\n`).join(''));
  const port = opts.port ?? (await freePort(opts.address));
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress ${opts.address}:${port}`,
      `HostKey ${opts.hostKey.path}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      'StrictModes no',
      'UsePAM no',
      'PidFile none',
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      `AllowTcpForwarding ${opts.allowTcpForwarding ? 'yes' : 'no'}`,
      'X11Forwarding no',
      'PrintMotd no',
      'UseDNS no',
      'MaxStartups 200',
      'LoginGraceTime 30',
      `LogLevel ${opts.logLevel ?? 'INFO'}`,
      // One SetEnv line: sshd uses the first. HOME is the host's directory, so
      // that the session's shell reads no startup file of this machine's
      // user: a ~/.bashrc (pyenv, nvm, ...) can cost a second per session.
      `SetEnv PATH=${path} HOME=${dir}`,
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    if (log.length < 1_000_000) log += d;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start: ${log}`)), 120_000);
    const check = () => {
      if (log.includes('Server listening on')) {
        clearTimeout(timer);
        child.stderr!.off('data', check);
        resolve();
      }
    };
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited (${code}): ${log}`));
    });
  });
  const sshd: Sshd = {
    address: opts.address,
    port,
    target: `${opts.address}:${port}`,
    hostKey: opts.hostKey,
    dir,
    pid: child.pid!,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        sshds.delete(sshd);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  child.once('exit', () => children.delete(child));
  sshds.add(sshd);
  return sshd;
}

// ---------------------------------------------------------------- other peers

export interface SilentListener {
  port: number;
  /** Resolves at the next connection accepted. */
  nextConnection(): Promise<void>;
  /** Connections still open. */
  open(): number;
  close(): Promise<void>;
}

/** A TCP server that accepts connections and never says a word (a hung host). */
export async function silentListener(address: string): Promise<SilentListener> {
  const sockets = new Set<Socket>();
  let waiting: (() => void)[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.resume(); // read and drop what the client says, so its close is seen
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    for (const w of waiting) w();
    waiting = [];
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    nextConnection: () => new Promise<void>((resolve) => waiting.push(resolve)),
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A real ssh-agent holding these keys. */
export async function startAgent(
  dir: string,
  keys: string[],
): Promise<{ sock: string; stop(): void }> {
  const sock = join(dir, `agent-${Math.random().toString(36).slice(2, 8)}.sock`);
  const child = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  children.add(child);
  child.once('exit', () => children.delete(child));
  for (let i = 0; i < 2400 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(sock)) throw new Error('ssh-agent did not start');
  for (const key of keys)
    await must('ssh-add', ['-q', key], { ...process.env, SSH_AUTH_SOCK: sock });
  return { sock, stop: () => child.kill('SIGTERM') };
}

// ---------------------------------------------------------------- reports

/**
 * A report section without the sample lines it quotes (`sample`, `samples`):
 * their source and line number depend on how the journal was read, the
 * findings do not.
 */
export function withoutSamples<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    key === 'sample' || key === 'samples' ? undefined : v,
  ) as T;
}

// ---------------------------------------------------------------- the CLI

export interface CliRun extends Run {
  signal: NodeJS.Signals | null;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

/**
 * Runs `node bin/audit2grant.js` with a clean environment: HOME as given,
 * no SSH_AUTH_SOCK unless given, no controlling terminal (so nothing can
 * prompt). `onSpawn` gets the child, e.g. to send SIGINT.
 */
export function audit2grant(
  args: string[],
  opts: {
    home: string;
    env?: Record<string, string>;
    stdin?: string;
    timeoutMs?: number;
    onStderr?: (text: string, child: ChildProcess) => void;
    onSpawn?: (child: ChildProcess) => void;
  },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: opts.home,
        SOURCE_DATE_EPOCH: '0',
        ...opts.env,
      },
      stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    children.add(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 240_000);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      opts.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    opts.onSpawn?.(child);
  });
}

/** A HOME with .ssh/known_hosts (and optionally .ssh/config) in a temp dir. */
export async function makeHome(
  opts: { knownHosts?: string[]; config?: string } = {},
): Promise<string> {
  const home = await tempDir('a2g-home-');
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  if (opts.knownHosts)
    writeFileSync(join(home, '.ssh', 'known_hosts'), `${opts.knownHosts.join('\n')}\n`);
  if (opts.config !== undefined) writeFileSync(join(home, '.ssh', 'config'), opts.config);
  return home;
}
