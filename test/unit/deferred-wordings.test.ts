// An aggregator given a line reader (a worker thread's) counts a new wording
// of a denial read on bytes without making its group; the group is made
// from its first record, read again, by that aggregator when something needs
// it, or by the one the wordings are handed to. Threads aside: the worker's
// side and the main thread's are called here directly.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/report/aggregate.js';
import { consume } from '../../src/sources/consume.js';
import { fileLines } from '../../src/sources/file-lines.js';
import { fileInput } from '../../src/sources/input.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('a2g-wordings-');

const line = (host: string, uid: string, app: number, second: number) =>
  `2026-11-22T10:00:${String(second).padStart(2, '0')}+0000 ${host} bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:${String(second).padStart(2, '0')}.431207Z srcip=127.0.0.1 authorizer=bouncer uid=${uid} action=update object=dcos:service:marathon:marathon:services:/dev/app-${app} result=deny reason="no matching ACL"`;

const JOURNAL = [
  'noise before',
  line('m1', 'svc-a', 1, 1),
  line('m2', 'svc-a', 1, 2),
  line('m1', 'svc-b', 2, 3),
  'noise between',
  line('m3', 'svc-a', 1, 4),
  line('m1', 'svc-c', 3, 5),
].join('\n');

async function read(path: string, agg: Aggregator): Promise<void> {
  const status = await consume(fileInput(path), agg, { maxLine: 4096, splitAbove: Infinity });
  expect(status.complete).toBe(true);
}

/** `path` read as a worker thread reads its range, and the wordings it counted, taken. */
async function workerRead(path: string) {
  const lines = fileLines(path);
  const worker = new Aggregator({ lines });
  await read(path, worker);
  return { worker, lines, wordings: worker.takeWordings()! };
}

/**
 * The denied groups as plain data, evidence and samples as JSON writes
 * them, in order, to compare; samples named `source` if given.
 */
function groups(agg: Aggregator, source?: string) {
  return [...agg.denied]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([uid, g]) => [
      uid,
      [...g]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, d]) => ({
          ...d,
          evidence: JSON.parse(JSON.stringify(d.evidence)),
          sample: { ...JSON.parse(JSON.stringify(d.sample)), ...(source && { source }) },
        })),
    ]);
}

describe('wordings counted without their groups', () => {
  it('give the groups one reading makes when they are asked for', async () => {
    const path = join(dir, 'journal.log');
    writeFileSync(path, JOURNAL);
    const plain = new Aggregator();
    await read(path, plain);
    const lines = fileLines(path);
    const deferring = new Aggregator({ lines });
    await read(path, deferring);
    expect(deferring.stats).toEqual(plain.stats);
    // Read back only when asked for: the groups are made then, as one reading makes them.
    expect(groups(deferring)).toEqual(groups(plain));
    lines.close();
  });

  it('are kept only for the file the reader reads: another input makes its groups', async () => {
    const path = join(dir, 'own.log');
    const other = join(dir, 'other.log');
    writeFileSync(path, JOURNAL);
    // Other records at the same places: read through the first file's reader, they would not match.
    writeFileSync(other, JOURNAL.replaceAll('svc-', 'sva-'));
    const plain = new Aggregator();
    await read(path, plain);
    await read(other, plain);
    const lines = fileLines(path);
    const deferring = new Aggregator({ lines });
    await read(path, deferring);
    await read(other, deferring);
    expect(groups(deferring)).toEqual(groups(plain));
    lines.close();
  });

  it('are handed over and added as a reading of both parts in turn adds them', async () => {
    const head = join(dir, 'head.log');
    const whole = join(dir, 'whole.log');
    const first = [line('m1', 'svc-a', 1, 0), line('m9', 'svc-z', 9, 0)].join('\n');
    writeFileSync(head, first);
    writeFileSync(whole, `${first}\n${JOURNAL}`);
    const plain = new Aggregator();
    await read(whole, plain);
    // The main thread read the first two lines; a worker the rest, from a file of its own here.
    const main = new Aggregator();
    await read(head, main);
    const tail = join(dir, 'tail.log');
    writeFileSync(tail, JOURNAL);
    const { worker, lines, wordings } = await workerRead(tail);
    expect(wordings.ends.length).toBe(3);
    expect(worker.takeWordings()).toBeUndefined();
    expect(worker.takeGroups(100)).toBeUndefined();
    main.absorbWordings(wordings, 2, lines);
    expect(groups(main, whole)).toEqual(groups(plain));
    lines.close();
  });

  it('end the read, marked incomplete, when a group made while reading finds its first record changed', async () => {
    // 33 hosts take the names a wording can mark; svc-b's second record, on
    // the 34th, makes its group while the file is read.
    const hosts = Array.from({ length: 33 }, (_, i) => line(`h${i}`, 'svc-a', 1, 1));
    const journal = [line('m1', 'svc-b', 2, 3), ...hosts, line('h99', 'svc-b', 2, 4)].join('\n');
    const path = join(dir, 'read.log');
    const changed = join(dir, 'read-changed.log');
    writeFileSync(path, journal);
    writeFileSync(changed, journal.replace('svc-b', 'svc-x'));
    const lines = fileLines(changed);
    const status = await consume(fileInput(path), new Aggregator({ lines }), {
      maxLine: 4096,
      splitAbove: Infinity,
    });
    lines.close();
    expect(status.complete).toBe(false);
    expect(status.error).toBe(
      'read failed: the file changed while it was read (line 1 is no longer the record it was): read a copy that is not being written',
    );
    // Read from the same file, the same lines make the group.
    const same = fileLines(path);
    const agg = new Aggregator({ lines: same });
    expect(
      (await consume(fileInput(path), agg, { maxLine: 4096, splitAbove: Infinity })).complete,
    ).toBe(true);
    expect(agg.denied.get('svc-b')?.size).toBe(1);
    same.close();
  });

  it('stop with a one-line error when a first record read again is not what it was', async () => {
    const path = join(dir, 'changing.log');
    writeFileSync(path, JOURNAL);
    const { lines, wordings } = await workerRead(path);
    writeFileSync(path, JOURNAL.replace('svc-b', 'svc-x'));
    expect(() => new Aggregator().absorbWordings(wordings, 0, lines)).toThrow(
      /^the file changed while it was read \(line 4 is no longer the record it was\): read a copy that is not being written$/,
    );
    lines.close();
  });
});
