// Input as operators have it: logrotate's gzip files read as they stream
// (a damaged one: every line inflated before the damage reported, one line
// saying what is wrong, partial, exit code 3), and files that are not text
// (a program, an image, an archive) refused in one line saying what they
// are, with the report partial and exit code 3.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Report } from '../../src/report/schema.js';
import { roleRecord } from '../helpers/bouncer-line.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { buildJournal } from '../helpers/sshd.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEMO = join(ROOT, 'fixtures/demo.log');
const DEMO_TEXT = readFileSync(DEMO);
const tmp = tempDir('a2g-input-kinds-');
const json = (stdout: string) => Report.parse(JSON.parse(stdout));
const lines = (stderr: string) => stderr.split('\n').filter(Boolean);
const at = (name: string) => join(tmp, name);
const sh = (command: string) => execFileSync('sh', ['-c', command], { cwd: tmp });

/** The report with where its records came from left out: the same records give the same report. */
const findings = (report: Report) =>
  JSON.stringify({ ...report, inputs: report.inputs.length }).replaceAll(/"source":"[^"]*"/g, '');

/** A real PNG image, 2x2 pixels, made here (signature, IHDR, IDAT, IEND; CRC-32 per chunk). */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const pixels = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('gzip', () => {
  writeFileSync(at('demo.log'), DEMO_TEXT);
  const half = DEMO_TEXT.indexOf('\n', DEMO_TEXT.length >> 1) + 1;
  writeFileSync(at('a.log'), DEMO_TEXT.subarray(0, half));
  writeFileSync(at('b.log'), DEMO_TEXT.subarray(half));
  sh('gzip -k demo.log && gzip -c a.log > rotated.gz && gzip -c b.log >> rotated.gz');
  const secondMember = sh('gzip -c a.log').length;

  it('a gzip file, a two-member one (logrotate), and gzip on stdin: the report of the plain text', async () => {
    const plain = await runCli(['-f', 'json', DEMO]);
    expect(plain.code).toBe(1);
    const expected = findings(json(plain.stdout));
    for (const args of [[at('demo.log.gz')], [at('rotated.gz')]]) {
      const r = await runCli(['-f', 'json', ...args]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toBe('');
      expect(findings(json(r.stdout))).toBe(expected);
      expect(json(r.stdout).inputs[0]).toMatchObject({ bytes: DEMO_TEXT.length, complete: true });
    }
    const piped = await runCli(['-f', 'json'], { stdin: readFileSync(at('rotated.gz')) });
    expect(piped.code).toBe(1);
    expect(findings(json(piped.stdout))).toBe(expected);
  });

  /** The lines of journal text, as the reader counts them: a last line without its newline is one. */
  const lineCount = (text: Buffer) =>
    text.toString('latin1').split('\n').length -
    (text.at(-1) === 0x0a || text.length === 0 ? 1 : 0);
  const gz = readFileSync(at('demo.log.gz'));
  const rotated = readFileSync(at('rotated.gz'));
  const badCrc = Buffer.from(rotated);
  badCrc[badCrc.length - 5]! ^= 1;
  const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
  writeFileSync(at('cut.gz'), cut);
  writeFileSync(at('trailing.gz'), Buffer.concat([gz, Buffer.from('not gzip\n')]));
  writeFileSync(at('bad-crc.gz'), badCrc);
  writeFileSync(at('padded.gz'), Buffer.concat([gz, Buffer.alloc(512)]));
  sh(': | gzip -c > empty.gz && cat empty.gz demo.log.gz empty.gz empty.gz > with-empty.gz');

  it.each([
    [
      'cut.gz',
      lineCount(gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH })),
      'the gzip data ends early, in member 1 (a cut or still-growing file): what was read before is kept; read it again once it is whole',
    ],
    [
      'trailing.gz',
      263,
      `trailing bytes after the last gzip member, at byte offset ${gz.length}: what was read before is kept; read the first ${gz.length} bytes alone: \`head -c ${gz.length} ${at('trailing.gz')} | audit2grant\``,
    ],
    [
      'bad-crc.gz',
      263,
      `CRC-32 mismatch in gzip member 2 (from byte offset ${secondMember}): its text is read but may be corrupt; check it with \`gzip -t ${at('bad-crc.gz')}\`, and read a sound copy`,
    ],
  ])(
    'a damaged gzip, %s: every line inflated before the damage, one line saying what is wrong, partial, exit 3',
    async (name, count, says) => {
      const r = await runCli(['-f', 'json', at(name)]);
      const report = json(r.stdout);
      expect(report.stats.lines).toBe(count);
      expect(r.code).toBe(3);
      expect(lines(r.stderr)).toEqual([`audit2grant: ${at(name)}: ${says}`]);
      expect(report.partial).toBe(true);
      expect(report.inputs[0]).toMatchObject({ complete: false, error: says });
      const table = await runCli([at(name)]);
      expect(table.stdout).toMatch(/^PARTIAL: Read \d+ lines from 1 input/m);
    },
  );

  it('trailing bytes: the command the message gives reads the same lines, whole', async () => {
    const r = await runCli(['-f', 'json'], { stdin: sh(`head -c ${gz.length} trailing.gz`) });
    expect(r.code).toBe(1);
    expect(json(r.stdout).inputs[0]).toMatchObject({ bytes: DEMO_TEXT.length, complete: true });
  });

  it('zero padding after the last member, and empty members: the whole text, complete', async () => {
    const plain = findings(json((await runCli(['-f', 'json', DEMO])).stdout));
    for (const name of ['padded.gz', 'with-empty.gz']) {
      const r = await runCli(['-f', 'json', at(name)]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toBe('');
      expect(findings(json(r.stdout))).toBe(plain);
    }
    const empty = await runCli(['-f', 'json', at('empty.gz')]);
    expect(empty.code).toBe(3);
    expect(lines(empty.stderr)).toEqual([
      expect.stringMatching(/^audit2grant: .*empty\.gz: nothing read \(0 bytes\)/),
    ]);
  });
});

describe('not text: refused in one line, exit 3', () => {
  copyFileSync('/bin/true', at('true'));
  writeFileSync(at('image.png'), png());
  writeFileSync(at('a.log'), DEMO_TEXT.subarray(0, 4096));
  sh('xz -k a.log && bzip2 -k a.log && zstd -q a.log && zip -q a.zip a.log');

  it.each([
    ['true', 'an ELF binary (a program or library), not journalctl output'],
    ['image.png', 'a PNG image, not journalctl output'],
    [
      'a.log.xz',
      `xz-compressed, which is not read directly: read it with \`xz -dc ${at('a.log.xz')} | audit2grant\``,
    ],
    [
      'a.log.bz2',
      `bzip2-compressed, which is not read directly: read it with \`bzip2 -dc ${at('a.log.bz2')} | audit2grant\``,
    ],
    [
      'a.log.zst',
      `zstd-compressed, which is not read directly: read it with \`zstd -dc ${at('a.log.zst')} | audit2grant\``,
    ],
    ['a.zip', `a zip archive: extract it (unzip ${at('a.zip')}) and name the journal files in it`],
  ])('%s', async (name, says) => {
    expect(sh(`file -b ${name}`).toString()).not.toMatch(/text/);
    const r = await runCli(['-f', 'json', at(name)]);
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toEqual([`audit2grant: ${at(name)}: ${says}`]);
    const report = json(r.stdout);
    expect(report.stats.lines).toBe(0);
    expect(report.warnings.map((w) => w.message)).toEqual([
      `${at(name)}: ${says}; the report covers only what was read`,
    ]);
  });

  it('on stdin, and beside a good file: that input refused, the other read', async () => {
    const r = await runCli(['-f', 'json', DEMO, '-'], { stdin: readFileSync(at('true')) });
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toEqual([
      'audit2grant: -: an ELF binary (a program or library), not journalctl output',
    ]);
    expect(json(r.stdout).stats.lines).toBe(263);
    const xz = await runCli([], { stdin: readFileSync(at('a.log.xz')) });
    expect(lines(xz.stderr)).toEqual([
      'audit2grant: -: xz-compressed, which is not read directly: decompress it in the pipe: ... | xz -dc | audit2grant',
    ]);
  });
});

describe("journalctl's formats that are not read, rendered by the real journalctl", () => {
  let journal: string;
  const entry = (n: number) => ({
    usec: 1_795_327_205_051_755n + BigInt(n) * 1_000_000n,
    host: 'master-1.example',
    unit: 'dcos-bouncer.service',
    ident: 'bouncer.sh',
    pid: 1877,
    message: roleRecord('svc', n)
      .replace(/^.*?bouncer\.sh\[1877\]: /, '')
      .trimEnd(),
  });

  it.each(['verbose', 'json-pretty', 'json-sse', 'short-monotonic', 'short-delta'])(
    '-o %s: refused in one line that says which format to ask for',
    async (format) => {
      journal ??= await buildJournal(tempDir('a2g-formats-'), 'formats', [entry(1), entry(2)]);
      const rendered = execFileSync('journalctl', ['--file', journal, '--no-pager', '-o', format]);
      const r = await runCli(['-f', 'json'], { stdin: rendered });
      expect(r.code).toBe(3);
      expect(lines(r.stderr)).toEqual([
        `audit2grant: -: journalctl's ${format} format (-o ${format}), which is not read: ask journalctl for -o json or -o short-iso instead`,
      ]);
      // The formats it reads, from the same journal: both records.
      for (const read of ['json', 'short-iso']) {
        const text = execFileSync('journalctl', ['--file', journal, '--no-pager', '-o', read]);
        const ok = await runCli(['-f', 'json'], { stdin: text });
        expect(ok.code).toBe(1);
        expect(json(ok.stdout).stats.denyRecords).toBe(2);
      }
    },
  );
});
