// Figures of --follow and --state for bench/run.mjs: the CPU a follow with
// nothing to read uses, the time from a line written to its event on
// stdout, and a resumed run over a file whose new part is 1% of it against
// the full run. Figures, not assertions.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const line = (i) =>
  `2026-11-22T10:00:08+0000 master-1 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=bench action=create object=dcos:mesos:master:reservation:role:r${i} result=deny reason="no matching ACL"\n`;

/** A follow of `file` with ndjson events; `next(match)` resolves at the next stdout line matching. */
function follow(bin, file) {
  const child = spawn(process.execPath, [bin, '--follow', '-f', 'ndjson', file], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let buffer = '';
  const waiters = [];
  child.stdout.setEncoding('utf8').on('data', (d) => {
    buffer += d;
    const parts = buffer.split('\n');
    buffer = parts.pop();
    for (const l of parts) {
      const met = waiters.filter((w) => w.match(l));
      for (const w of met) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const next = (match) => new Promise((resolve) => waiters.push({ match, resolve }));
  const stop = () =>
    new Promise((resolve) => {
      child.on('close', resolve);
      child.kill('SIGINT');
    });
  return { child, next, stop };
}

function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Percent of one core a follow uses over `seconds` with nothing to read. */
export async function idleCpu(bin, dir, seconds) {
  const file = join(dir, 'follow-idle.log');
  writeFileSync(file, line(0));
  const f = follow(bin, file);
  await f.next((l) => l.includes('"state":"following"'));
  const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
  const before = cpuTicks(f.child.pid);
  const started = performance.now();
  await sleep(seconds * 1000);
  const used = (cpuTicks(f.child.pid) - before) / ticks;
  const wall = (performance.now() - started) / 1000;
  await f.stop();
  return { percent: (100 * used) / wall, seconds: wall };
}

/** Milliseconds from a line appended to its event on stdout, `count` times: median and max. */
export async function lineToEvent(bin, dir, count) {
  const file = join(dir, 'follow-latency.log');
  writeFileSync(file, line(0));
  const f = follow(bin, file);
  await f.next((l) => l.includes('"state":"following"'));
  const times = [];
  for (let i = 1; i <= count; i++) {
    const seen = f.next((l) => l.includes(`role:r${i}"`));
    const started = performance.now();
    appendFileSync(file, line(i));
    await seen;
    times.push(performance.now() - started);
    await sleep(50);
  }
  await f.stop();
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times.at(-1), count };
}

/** A --state run over 99% of `input`, then one over the last 1% appended: seconds of each. */
export function resumeRun(bin, dir, input) {
  const file = join(dir, 'resume.log');
  const state = join(dir, 'resume.state');
  rmSync(state, { force: true });
  copyFileSync(input, file);
  const size = statSync(file).size;
  const text = readFileSync(input);
  // Cut at a line start near 99%.
  const cut = text.indexOf(10, Math.floor(size * 0.99)) + 1;
  truncateSync(file, cut);
  const timed = (args) => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'ignore' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`resume run failed: ${r.status}`);
    return (performance.now() - started) / 1000;
  };
  const full = timed(['--state', state, '-f', 'json', file]);
  appendFileSync(file, text.subarray(cut));
  const resumed = timed(['--state', state, '-f', 'json', file]);
  rmSync(file);
  return { full, resumed };
}

/**
 * The bench's rows (bench/run.mjs) of --follow and --state, each with its
 * target: { input, run, figure, against, ratio, target, met } (`met` is
 * undefined for a row without a target).
 */
export async function followRows({ bin, out, smoke, sparse }) {
  const idle = await idleCpu(bin, out, smoke ? 2 : 10);
  const latency = await lineToEvent(bin, out, smoke ? 5 : 20);
  const rows = [
    {
      input: '--follow, nothing to read',
      run: `CPU over ${idle.seconds.toFixed(0)} s`,
      figure: `${idle.percent.toFixed(2)}% of a core`,
      target: 'under 1% of a core',
      met: idle.percent < 1,
    },
    {
      input: '--follow, a line written',
      run: 'to its event on stdout',
      figure: `median ${latency.median.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms (${latency.count} lines)`,
      target: 'under 1 s',
      met: latency.max < 1000,
    },
  ];
  if (sparse) {
    const resume = resumeRun(bin, out, sparse);
    rows.push({
      input: '--state, the sparse input with 1% new',
      run: 'the resumed run',
      figure: `${resume.resumed.toFixed(2)} s`,
      against: `the full run ${resume.full.toFixed(2)} s`,
      ratio: resume.resumed / resume.full,
    });
  }
  return rows;
}
