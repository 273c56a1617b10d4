// Standard input as a real pipe (a FIFO, as `journalctl | audit2grant` and
// `journalctl -f | audit2grant --follow` give it), written by this test: the
// pipe is read a batch at a time (sources/paced-pipe.ts), and nothing is
// lost or late for it. Every wait is for a line the run writes.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, openSync, write, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roleRecord } from '../helpers/bouncer-line.js';
import { fifo } from '../helpers/fifo.js';
import { events, startFollow } from '../helpers/follow-run.js';
import { BIN, ROOT } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('a2g-pipe-');

/** The run's report, read from `stdin` (a file descriptor), with what depends on time taken out. */
function reportOf(stdin: number, feed: () => Promise<void>): Promise<unknown> {
  const child = spawn(process.execPath, [BIN, '-f', 'json', '-'], {
    cwd: ROOT,
    env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
    stdio: [stdin, 'pipe', 'pipe'],
  });
  closeSync(stdin);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    out += text;
  });
  const done = new Promise<unknown>((resolve, reject) =>
    child.on('close', (code) => {
      if (code !== 1) return reject(new Error(`exit ${code}`));
      const report = JSON.parse(out);
      for (const input of report.inputs) delete input.seconds;
      resolve(report);
    }),
  );
  return feed().then(() => done);
}

describe('standard input as a pipe', () => {
  it('written in pieces of every size, some waiting on a full pipe: the report of the same bytes from a file', async () => {
    const journal = Buffer.from(
      Array.from({ length: 6000 }, (_, i) => roleRecord(`svc-${i % 97}`, i % 1013)).join(''),
    );
    const file = join(dir, 'journal.log');
    writeFileSync(file, journal);
    const fromFile = await reportOf(openSync(file, 'r'), async () => {});
    const { reader, writer } = fifo(dir);
    const fromPipe = await reportOf(reader, async () => {
      // Sizes from one byte to more than the pipe holds, written as they go.
      for (let at = 0, i = 0; at < journal.length; i++) {
        const size = [1, 17, 4096, 70_000, 300, 65_536][i % 6]!;
        const piece = journal.subarray(at, at + size);
        await new Promise((resolve, reject) =>
          write(writer, piece, (err) => (err ? reject(err) : resolve(null))),
        );
        at += piece.length;
      }
      closeSync(writer);
    });
    expect(fromPipe).toEqual(fromFile);
    expect((fromPipe as { stats: { lines: number } }).stats.lines).toBe(6000);
  });

  it('--follow: a line written while the pipe stays open comes out, and the end of the pipe ends the follow', async () => {
    const { reader, writer } = fifo(dir);
    const run = startFollow(['--follow', '-f', 'ndjson', '-'], { stdin: reader });
    closeSync(reader);
    const denied = (n: number) => (line: string) =>
      line.includes('"event":"denied"') && line.includes(`reservation:role:r${n}"`);
    writeSync(writer, roleRecord('piped', 1));
    await run.stdoutLine(denied(1));
    writeSync(writer, roleRecord('piped', 2));
    await run.stdoutLine(denied(2));
    closeSync(writer);
    const { code, stderr } = await run.ended;
    expect(code).toBe(1);
    expect(stderr).toMatch(/following ended: standard input ended/);
    expect(events(run.stdout()).filter((e) => e.event === 'denied')).toHaveLength(2);
  });

  it('a datagram socket on standard input is refused in one line, not reported as an empty pipe', async () => {
    // bash opens a UDP socket on loopback as the run's stdin; nothing is sent on it.
    const peer = createSocket('udp4');
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
    try {
      const child = spawn(
        'bash',
        [
          '-c',
          `exec "$0" "$1" -f json 0<>/dev/udp/127.0.0.1/${peer.address().port}`,
          process.execPath,
          BIN,
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(code).toBe(3);
      expect(stderr).toBe(
        'audit2grant: -: standard input is a datagram socket, which is not read as a stream: pipe or redirect the journal into audit2grant, or name a file\n',
      );
      expect(JSON.parse(stdout)).toMatchObject({
        partial: true,
        inputs: [{ source: '-', bytes: 0 }],
      });
    } finally {
      peer.close();
    }
  });
});
