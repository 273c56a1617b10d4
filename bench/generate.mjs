#!/usr/bin/env node
// Deterministic benchmark journals, in `journalctl -o short-iso` form.
//
//   node bench/generate.mjs sparse <bytes> > sparse.log   about 0.5% deny and 3% allow records, rest noise
//   node bench/generate.mjs dense <records> > dense.log   deny records of every dialect, 40,000 distinct
//                                                         (account, id, action) by default
//
// The same arguments always give the same bytes (a seeded PRNG, fixed times).
import { writeSync } from 'node:fs';

const [kind = 'sparse', sizeArg = '1073741824', distinctArg = '40000'] = process.argv.slice(2);
const size = Number(sizeArg);
const distinct = Number(distinctArg);
if (!['sparse', 'dense'].includes(kind) || !(size > 0) || !(distinct > 0)) {
  process.stderr.write('usage: generate.mjs sparse <bytes> | dense <records> [distinct]\n');
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
const journalTime = (iso) => `${iso.slice(0, 19)}+0000`;

function noise() {
  const iso = stamp();
  const host = pick(HOSTS);
  switch (Math.floor(random() * 4)) {
    case 0:
      return `${journalTime(iso)} ${host} nginx[2208]: 10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)} - - [22/Nov/2026:10:00:02 +0000] "GET /service/marathon/v2/apps/dev/app-${Math.floor(random() * 500)}?embed=apps.tasks HTTP/1.1" 200 ${Math.floor(random() * 90000)} "-" "python-requests/2.25.1" (0.0${Math.floor(random() * 90)})`;
    case 1:
      return `${journalTime(iso)} ${host} marathon.sh[4412]: [${iso.slice(0, 10)} ${iso.slice(11, 23).replace('.', ',')}] INFO  Received status update for task app-${Math.floor(random() * 500)}.instance-${Math.floor(random() * 1e6)}: TASK_RUNNING (mesosphere.marathon.core.task.update.impl.TaskStatusUpdateProcessorImpl:scala-execution-context-global-${Math.floor(random() * 300)})`;
    case 2:
      return `${journalTime(iso)} ${host} mesos-master[3702]: I1122 10:00:07.752534  3708 master.cpp:${Math.floor(random() * 9000)}] Sending ${Math.floor(random() * 9)} offers to framework 5f0c2d6e-8a9b-4c1d-9e7f-3a2b1c0d4e5f-0001 (marathon) at scheduler-1@10.0.0.1:15101`;
    default:
      return `${journalTime(iso)} ${host} bouncer.sh[1877]: 127.0.0.1 - - [22/Nov/2026:10:00:08 +0000] "POST /acs/api/v1/internal/policyquery?rid=x HTTP/1.1" 200 ${Math.floor(random() * 90)} "-" "Go-http-client/1.1"`;
  }
}

function account(i) {
  return `svc-${i % 997}-principal`;
}

/** One record of a random dialect for (account, id, action) number `n`. */
function record(n, result) {
  const iso = stamp();
  const host = pick(HOSTS);
  const uid = account(n);
  const role = `role-${n % 41}`;
  switch (n % 5) {
    case 0:
      return `${journalTime(iso)} ${host} adminrouter.sh[2201]: ${iso.slice(0, 10).replaceAll('-', '/')} ${iso.slice(11, 19)} [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=${iso.slice(0, 19)}Z authorizer=adminrouter object=dcos:adminrouter:service:app-${n % 211} action=full result=${result} reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/service/app-${n % 211}/v1/status uid=${uid}, client: 10.0.1.5, server: master.mesos, request: "GET /service/app-${n % 211}/v1/status HTTP/1.1", host: "master.mesos"`;
    case 1:
      return `${journalTime(iso)} ${host} bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=${iso.slice(0, 23)}207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=create object=dcos:mesos:master:reservation:role:${role} result=${result} reason="no matching ACL"`;
    case 2:
      return `${journalTime(iso)} ${host} mesos-master[3702]: I1122 10:00:07.752534  3708 logfmt.cpp:178] dstip=10.0.0.2 type=audit timestamp=${iso.slice(0, 10)} ${iso.slice(11, 23)}534+00:00 reason="Error in authorization" uid="${uid}" object="dcos:mesos:master:framework:role:${role}" agent="python-requests/2.25.1" authorizer="mesos-master" action="create" result=${result} srcip=10.0.0.5 dstport=5050 srcport=4433`;
    case 3:
      return `${journalTime(iso)} ${host} marathon.sh[4412]: [${iso.slice(0, 10)} ${iso.slice(11, 23).replace('.', ',')}] INFO  timestamp=${iso} type=audit uid=${uid} srcip=10.0.0.9 srcport=51234 dstip=10.0.0.1 dstport=8080 authorizer=marathon action=UpdateRunSpec path=/dev/app-${n % 173} result=${result} (dcos.marathon.auditlog:pool-3-thread-1)`;
    default:
      return `${journalTime(iso)} ${host} metronome[5411]: [info] d.m.auditlog - timestamp=${iso} type=audit uid=${uid} srcip=10.0.5.3 srcport=47035 dstip=10.0.0.13 dstport=9000 authorizer=metronome action=ViewRunSpec path=backup.job-${n % 97} result=${result}`;
  }
}

const out = [];
let outBytes = 0;
function emit(line) {
  out.push(line);
  outBytes += line.length + 1;
  if (outBytes > 1 << 20) flush();
}
function flush() {
  if (out.length === 0) return;
  writeSync(1, `${out.join('\n')}\n`);
  out.length = 0;
  outBytes = 0;
}

if (kind === 'sparse') {
  let written = 0;
  while (written < size) {
    const r = random();
    const line =
      r < 0.005
        ? record(Math.floor(random() * 2000), 'deny')
        : r < 0.035
          ? record(Math.floor(random() * 2000), 'allow')
          : noise();
    written += Buffer.byteLength(line) + 1;
    emit(line);
  }
} else {
  for (let i = 0; i < size; i++) emit(record(Math.floor(random() * distinct), 'deny'));
}
flush();
