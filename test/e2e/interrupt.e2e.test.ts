// Ctrl-C once the reading has finished: the report is still written whole.
// No clock: the first byte of the report shows the reading is over (nothing
// is written before it), and a report far larger than a pipe holds keeps the
// writer waiting while the test does not read: the signal lands mid-write.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { BIN, ROOT } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('a2g-interrupt-');
const ACCOUNTS = 3000;
let journal: string;

beforeAll(() => {
  journal = join(tmp, 'many.log');
  writeFileSync(
    journal,
    Array.from(
      { length: ACCOUNTS },
      (_, i) =>
        `2026-11-22T10:00:08+0000 master-2 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=sa-${i} action=create object=dcos:mesos:master:framework:role:r${i} result=deny reason="no matching ACL"\n`,
    ).join(''),
  );
});

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: Buffer[];
  stderr: () => string;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a json report of the journal; resolves once its first bytes came, with stdout paused. */
async function startWriting(): Promise<Run> {
  const child = spawn(process.execPath, [BIN, '-f', 'json', journal], {
    cwd: ROOT,
    env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
  });
  child.stdin.end();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const stdout: Buffer[] = [];
  await new Promise<void>((resolve) =>
    child.stdout.once('data', (d: Buffer) => {
      stdout.push(d);
      child.stdout.pause();
      resolve();
    }),
  );
  return { child, stdout, stderr: () => stderr, closed };
}

/** Resolves when the process has said `text` on stderr (or has ended without saying it). */
function said(run: Run, text: string): Promise<void> {
  return new Promise((resolve) => {
    // After the listener that collects stderr: the text includes this chunk.
    const check = () => {
      if (run.stderr().includes(text)) resolve();
    };
    run.child.stderr.on('data', check);
    void run.closed.then(() => resolve());
    check();
  });
}

const ACK = 'audit2grant: Ctrl-C after the reading had finished: the report is written whole';

describe('Ctrl-C once the reading has finished', () => {
  it('writes the report whole, not marked partial, with the exit code it had', async () => {
    const run = await startWriting();
    run.child.kill('SIGINT');
    // Acknowledged while the report waits for its reader: the signal came mid-write.
    await said(run, ACK);
    run.child.stdout.on('data', (d: Buffer) => run.stdout.push(d)).resume();
    const { code, signal } = await run.closed;
    expect(signal).toBeNull();
    expect(code).toBe(1);
    expect(run.stderr()).toBe(`${ACK} (Ctrl-C again aborts)\n`);
    const report = Report.parse(JSON.parse(Buffer.concat(run.stdout).toString('utf8')));
    expect(report.partial).toBe(false);
    expect(report.inputs[0]).toMatchObject({ complete: true, error: null });
    expect(report.accounts).toHaveLength(ACCOUNTS);
  });

  it('a second Ctrl-C aborts: exit 130', async () => {
    const run = await startWriting();
    run.child.kill('SIGINT');
    await said(run, ACK);
    run.child.kill('SIGINT');
    const { code, signal } = await run.closed;
    expect(signal).toBeNull();
    expect(code).toBe(130);
  });
});
