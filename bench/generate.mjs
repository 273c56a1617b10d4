#!/usr/bin/env node
// Deterministic benchmark journals, in `journalctl -o short-iso` form, or in
// systemd's Journal Export Format for `systemd-journal-remote` (--export).
//
//   node bench/generate.mjs sparse <bytes> [flags]    deny and allow records among noise
//   node bench/generate.mjs dense <records> [flags]   deny records of every dialect only
//
// Flags (the defaults give the bench's first inputs, byte for byte):
//   --denied-keys N   distinct (account, id, action) denied: sparse 2,000, dense 40,000
//   --allowed-keys N  distinct (account, id, action) allowed (sparse): 2,000
//   --accounts N      service accounts the keys spread over
//   --deny-share F    share of sparse lines that are deny records: 0.005
//   --allow-share F   share of sparse lines that are allow records: 0.03
//   --export          Journal Export Format instead of short-iso text
//
// Without --accounts, keys are drawn at random from today's key space (997
// accounts, ids from a few hundred). With it, key n is account n mod N and
// ids numbered n div N, each key distinct, and records take the keys in turn
// (key i * step mod K, step prime to K): the first K records of a kind name
// K distinct keys, so the counts above are what the report finds.
//
// The same arguments always give the same bytes (a seeded PRNG, fixed times).
import { writeSync } from 'node:fs';

const USAGE =
  'usage: generate.mjs sparse <bytes> | dense <records> [--denied-keys N] [--allowed-keys N] [--accounts N] [--deny-share F] [--allow-share F] [--export]\n';
const [kind = 'sparse', sizeArg = '1073741824', ...rest] = process.argv.slice(2);
const flags = { export: false };
for (let i = 0; i < rest.length; i++) {
  const name = rest[i].replace(/^--/, '');
  if (name === 'export') flags.export = true;
  else flags[name.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = Number(rest[++i]);
}
const size = Number(sizeArg);
const deniedKeys = flags.deniedKeys ?? (kind === 'dense' ? 40_000 : 2000);
const allowedKeys = flags.allowedKeys ?? 2000;
const accounts = flags.accounts;
const denyShare = flags.denyShare ?? 0.005;
const allowShare = flags.allowShare ?? 0.03;
const known = ['export', 'deniedKeys', 'allowedKeys', 'accounts', 'denyShare', 'allowShare'];
if (
  !['sparse', 'dense'].includes(kind) ||
  !(size > 0) ||
  Object.keys(flags).some((k) => !known.includes(k)) ||
  ![deniedKeys, allowedKeys, accounts ?? 1].every((n) => Number.isInteger(n) && n > 0) ||
  !(denyShare >= 0 && allowShare >= 0 && denyShare + allowShare <= 1)
) {
  process.stderr.write(USAGE);
  process.exit(2);
}

let seed = 0x2f6b1d3;
/** mulberry32: small, fast, deterministic. */
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(random() * xs.length)];

const HOSTS = ['master-1.example', 'master-2.example', 'master-3.example'];
const START = Date.UTC(2026, 10, 22, 0, 0, 0);
let clock = START;
function stamp() {
  clock += 1 + Math.floor(random() * 40);
  return new Date(clock).toISOString();
}

/** One journal entry: what both renderings are made of. */
const entry = (iso, host, ident, pid, message) => ({ iso, host, ident, pid, message });

function noise() {
  const iso = stamp();
  const host = pick(HOSTS);
  switch (Math.floor(random() * 4)) {
    case 0:
      return entry(
        iso,
        host,
        'nginx',
        2208,
        `10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)} - - [22/Nov/2026:10:00:02 +0000] "GET /service/marathon/v2/apps/dev/app-${Math.floor(random() * 500)}?embed=apps.tasks HTTP/1.1" 200 ${Math.floor(random() * 90000)} "-" "python-requests/2.25.1" (0.0${Math.floor(random() * 90)})`,
      );
    case 1:
      return entry(
        iso,
        host,
        'marathon.sh',
        4412,
        `[${iso.slice(0, 10)} ${iso.slice(11, 23).replace('.', ',')}] INFO  Received status update for task app-${Math.floor(random() * 500)}.instance-${Math.floor(random() * 1e6)}: TASK_RUNNING (mesosphere.marathon.core.task.update.impl.TaskStatusUpdateProcessorImpl:scala-execution-context-global-${Math.floor(random() * 300)})`,
      );
    case 2:
      return entry(
        iso,
        host,
        'mesos-master',
        3702,
        `I1122 10:00:07.752534  3708 master.cpp:${Math.floor(random() * 9000)}] Sending ${Math.floor(random() * 9)} offers to framework 5f0c2d6e-8a9b-4c1d-9e7f-3a2b1c0d4e5f-0001 (marathon) at scheduler-1@10.0.0.1:15101`,
      );
    default:
      return entry(
        iso,
        host,
        'bouncer.sh',
        1877,
        `127.0.0.1 - - [22/Nov/2026:10:00:08 +0000] "POST /acs/api/v1/internal/policyquery?rid=x HTTP/1.1" 200 ${Math.floor(random() * 90)} "-" "Go-http-client/1.1"`,
      );
  }
}

/**
 * The names of key number `n`: its account and the numbers its ids are
 * made of. Without --accounts, today's key space; with it, one key per n.
 */
function keyOf(n) {
  if (accounts === undefined) {
    return { uid: `svc-${n % 997}-principal`, dialect: n % 5, app: n % 211, role: n % 41 };
  }
  const q = Math.floor(n / accounts);
  return { uid: `svc-${n % accounts}-principal`, dialect: q % 5, app: q, role: q };
}

/** One record of key number `n`, in the dialect the key names. */
function record(n, result) {
  const iso = stamp();
  const host = pick(HOSTS);
  const { uid, dialect, app, role } = keyOf(n);
  const path = accounts === undefined ? n % 173 : app;
  const job = accounts === undefined ? n % 97 : app;
  switch (dialect) {
    case 0:
      return entry(
        iso,
        host,
        'adminrouter.sh',
        2201,
        `${iso.slice(0, 10).replaceAll('-', '/')} ${iso.slice(11, 19)} [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=${iso.slice(0, 19)}Z authorizer=adminrouter object=dcos:adminrouter:service:app-${app} action=full result=${result} reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/service/app-${app}/v1/status uid=${uid}, client: 10.0.1.5, server: master.mesos, request: "GET /service/app-${app}/v1/status HTTP/1.1", host: "master.mesos"`,
      );
    case 1:
      return entry(
        iso,
        host,
        'bouncer.sh',
        1877,
        `[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=${iso.slice(0, 23)}207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=create object=dcos:mesos:master:reservation:role:role-${role} result=${result} reason="no matching ACL"`,
      );
    case 2:
      return entry(
        iso,
        host,
        'mesos-master',
        3702,
        `I1122 10:00:07.752534  3708 logfmt.cpp:178] dstip=10.0.0.2 type=audit timestamp=${iso.slice(0, 10)} ${iso.slice(11, 23)}534+00:00 reason="Error in authorization" uid="${uid}" object="dcos:mesos:master:framework:role:role-${role}" agent="python-requests/2.25.1" authorizer="mesos-master" action="create" result=${result} srcip=10.0.0.5 dstport=5050 srcport=4433`,
      );
    case 3:
      return entry(
        iso,
        host,
        'marathon.sh',
        4412,
        `[${iso.slice(0, 10)} ${iso.slice(11, 23).replace('.', ',')}] INFO  timestamp=${iso} type=audit uid=${uid} srcip=10.0.0.9 srcport=51234 dstip=10.0.0.1 dstport=8080 authorizer=marathon action=UpdateRunSpec path=/dev/app-${path} result=${result} (dcos.marathon.auditlog:pool-3-thread-1)`,
      );
    default:
      return entry(
        iso,
        host,
        'metronome',
        5411,
        `[info] d.m.auditlog - timestamp=${iso} type=audit uid=${uid} srcip=10.0.5.3 srcport=47035 dstip=10.0.0.13 dstport=9000 authorizer=metronome action=ViewRunSpec path=backup.job-${job} result=${result}`,
      );
  }
}

/**
 * The key of the next record of a kind: at random from today's key space,
 * or with --accounts the keys in turn, scattered by a step prime to their
 * number.
 */
function keys(count) {
  let i = 0;
  const step = stepPrimeTo(count);
  return () => (accounts === undefined ? Math.floor(random() * count) : (i++ * step) % count);
}

function stepPrimeTo(count) {
  const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
  let step = Math.max(1, Math.floor(count * 0.618));
  while (gcd(step, count) !== 1) step++;
  return step;
}

/** `journalctl -o short-iso` of an entry (UTC). */
const shortIso = (e) => `${e.iso.slice(0, 19)}+0000 ${e.host} ${e.ident}[${e.pid}]: ${e.message}`;

/** The entry in Journal Export Format (text fields: the generator writes no control bytes). */
function exported(e) {
  const micros = `${Date.parse(e.iso)}000`;
  const monotonic = `${Date.parse(e.iso) - START + 3_600_000}000`;
  return [
    `__REALTIME_TIMESTAMP=${micros}`,
    `__MONOTONIC_TIMESTAMP=${monotonic}`,
    '_BOOT_ID=5f0c2d6e8a9b4c1d9e7f3a2b1c0d4e5f',
    `_HOSTNAME=${e.host}`,
    '_TRANSPORT=stdout',
    `_PID=${e.pid}`,
    `SYSLOG_IDENTIFIER=${e.ident}`,
    'PRIORITY=6',
    `MESSAGE=${e.message}`,
    '',
    '',
  ].join('\n');
}

const out = [];
let outBytes = 0;
/** Adds an entry; returns the bytes of its short-iso line (what `size` counts, in both forms). */
function emit(e) {
  const line = shortIso(e);
  out.push(flags.export ? exported(e) : `${line}\n`);
  outBytes += line.length + 1;
  if (outBytes > 1 << 20) flush();
  return Buffer.byteLength(line) + 1;
}
function flush() {
  if (out.length === 0) return;
  writeSync(1, out.join(''));
  out.length = 0;
  outBytes = 0;
}

const deniedKey = keys(deniedKeys);
if (kind === 'sparse') {
  const allowedKey = keys(allowedKeys);
  let written = 0;
  while (written < size) {
    const r = random();
    const e =
      r < denyShare
        ? record(deniedKey(), 'deny')
        : r < denyShare + allowShare
          ? record(allowedKey(), 'allow')
          : noise();
    written += emit(e);
  }
} else {
  for (let i = 0; i < size; i++) emit(record(deniedKey(), 'deny'));
}
flush();
