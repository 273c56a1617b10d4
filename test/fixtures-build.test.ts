// Proves that the committed fixture corpus (fixtures/journals, fixtures/demo.log) is what
// the real systemd-journal-remote + journalctl print for the sources in fixtures/src:
// the build is run into a temp dir and every render is compared with the committed one.
//
// Needs journalctl and systemd-journal-remote (Debian: apt-get install systemd-journal-remote).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'fixtures');
const committed = join(fixtures, 'journals');

const CORPORA = ['demo', 'dialects', 'meaning', 'quirks', 'templates'];
const RENDERS = [
  'short',
  'short-iso',
  'short-iso-precise',
  'short-precise',
  'short-full',
  'short-unix',
  'cat',
  'json',
  'json-seq',
  'short-iso-all',
  'dcos-node-log',
];
const NON_ALL_TEXT = [
  'short',
  'short-iso',
  'short-iso-precise',
  'short-precise',
  'short-full',
  'short-unix',
];

// Line counts documented in fixtures/README.md. The short-* renders of dialects have one line
// more than it has entries: journalctl prints "-- Boot <id> --" where _BOOT_ID changes.
// binaryMessages: MESSAGEs that -o json prints as byte arrays.
const LINES: Record<string, { entries: number; shortRenders: number; binaryMessages: number }> = {
  demo: { entries: 263, shortRenders: 263, binaryMessages: 16 },
  dialects: { entries: 57, shortRenders: 58, binaryMessages: 8 },
  meaning: { entries: 20, shortRenders: 20, binaryMessages: 3 },
  quirks: { entries: 26, shortRenders: 26, binaryMessages: 5 },
  templates: { entries: 32, shortRenders: 32, binaryMessages: 0 },
};

let out = '';
let demoLog = '';

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'audit2grant-fixtures-'));
  demoLog = join(out, 'demo.log');
  execFileSync('bash', [join(fixtures, 'build.sh'), join(out, 'journals'), demoLog], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 240_000,
  });
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

function read(path: string): Buffer {
  return readFileSync(path);
}

function lines(buf: Buffer): string[] {
  const text = buf.toString('latin1');
  return text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined);
}

// journalctl's JSON renders are not byte-stable, by design of systemd, not of this corpus:
// - __CURSOR starts with "s=<seqnum id>", a random id that systemd-journal-remote gives every
//   new journal file (it ignores __SEQNUM/__SEQNUM_ID in export input);
// - the order of the keys in each object follows journalctl's hash table, whose hash key is
//   random per process.
// So JSON renders are compared as parsed objects with the seqnum id masked; every other byte
// of every other render must be identical.
function normalizeJson(buf: Buffer, seq: boolean): unknown[] {
  return lines(buf).map((line) => {
    let text = Buffer.from(line, 'latin1').toString('utf8');
    if (seq) {
      expect(text.startsWith('\x1e')).toBe(true);
      text = text.slice(1);
    }
    const obj = JSON.parse(text) as Record<string, unknown>;
    const cursor = obj.__CURSOR;
    expect(typeof cursor).toBe('string');
    expect(cursor).toMatch(
      /^s=[0-9a-f]{32};i=[0-9a-f]+;b=[0-9a-f]{32};m=[0-9a-f]+;t=[0-9a-f]+;x=[0-9a-f]+$/,
    );
    obj.__CURSOR = (cursor as string).replace(/^s=[0-9a-f]{32}/, 's=<seqnum-id>');
    return obj;
  });
}

describe('fixtures/build.sh reproduces the committed corpus', () => {
  it('writes exactly the committed set of files', () => {
    expect(readdirSync(join(out, 'journals')).sort()).toEqual(readdirSync(committed).sort());
    for (const corpus of CORPORA) {
      const expected = RENDERS.map((r) => `${r}.txt`).sort();
      expect(readdirSync(join(committed, corpus)).sort()).toEqual(expected);
      expect(readdirSync(join(out, 'journals', corpus)).sort()).toEqual(expected);
    }
  });

  for (const corpus of CORPORA) {
    for (const render of RENDERS) {
      it(`${corpus}/${render}.txt equals the committed render`, () => {
        const fresh = read(join(out, 'journals', corpus, `${render}.txt`));
        const kept = read(join(committed, corpus, `${render}.txt`));
        if (render === 'json' || render === 'json-seq') {
          const seq = render === 'json-seq';
          expect(normalizeJson(fresh, seq)).toEqual(normalizeJson(kept, seq));
        } else {
          // latin1 keeps every byte (NUL, CR, invalid UTF-8) and gives a readable diff
          expect(fresh.toString('latin1')).toBe(kept.toString('latin1'));
        }
      });
    }
  }

  it('demo.log is the demo corpus short-iso render', () => {
    const kept = read(join(fixtures, 'demo.log'));
    expect(read(demoLog).toString('latin1')).toBe(kept.toString('latin1'));
    expect(kept.equals(read(join(committed, 'demo', 'short-iso.txt')))).toBe(true);
  });
});

describe('committed renders have the documented shape', () => {
  it("meaning: dcos-node-log.txt is dcos-log's text form, as FormatText writes it", () => {
    const node = lines(read(join(committed, 'meaning', 'dcos-node-log.txt')));
    const json = normalizeJson(read(join(committed, 'meaning', 'json.txt')), false) as Array<
      Record<string, string>
    >;
    expect(node).toHaveLength(json.length);
    node.forEach((line, i) => {
      const e = json[i]!;
      const head = [
        new Date(Number(BigInt(e.__REALTIME_TIMESTAMP!) / 1000n))
          .toUTCString()
          .replace(/^(\w{3}), (\d\d) (\w{3}) (\d{4}) (\S+) GMT$/, (_, w, d, m, y, t) =>
            [w, m, d.replace(/^0/, ' '), t, y].join(' '),
          ),
        e._HOSTNAME,
        e.SYSLOG_IDENTIFIER,
        `[${e._PID}]`,
      ].filter((part) => part !== undefined);
      expect(line.startsWith(`${head.join(' ')} `), line).toBe(true);
    });
    // Admin Router 1.13+ entries have no SYSLOG_IDENTIFIER: the text form shows none.
    expect(node.at(-1)).toMatch(
      /^Tue Nov 24 09:04:00 2026 master-3\.example \[2231\] master-3\.example nginx: /,
    );
  });

  for (const corpus of CORPORA) {
    it(`${corpus}: line counts and binary MESSAGEs`, () => {
      const { entries, shortRenders, binaryMessages } = LINES[corpus]!;
      const src = readFileSync(join(fixtures, 'src', `${corpus}.entries.jsonl`), 'utf8');
      expect(src.split('\n').filter((l) => l.trim() !== '')).toHaveLength(entries);
      for (const render of RENDERS) {
        const n = lines(read(join(committed, corpus, `${render}.txt`))).length;
        const want = [...NON_ALL_TEXT, 'short-iso-all'].includes(render) ? shortRenders : entries;
        expect(n, `${corpus}/${render}.txt`).toBe(want);
      }
      const json = normalizeJson(read(join(committed, corpus, 'json.txt')), false) as Array<
        Record<string, unknown>
      >;
      expect(json.filter((o) => Array.isArray(o.MESSAGE))).toHaveLength(binaryMessages);
    });
  }

  it('quirks: binary MESSAGEs are [NNN blob data] without -a, raw with -a, byte arrays in json', () => {
    for (const render of NON_ALL_TEXT) {
      const blobs = lines(read(join(committed, 'quirks', `${render}.txt`))).filter((l) =>
        /: \[\d+B blob data\]$/.test(l),
      );
      expect(blobs, render).toHaveLength(4);
    }
    const all = read(join(committed, 'quirks', 'short-iso-all.txt')).toString('latin1');
    expect(all).not.toContain('blob data');
    expect(all).toContain('\x1b[34mINFO \x1b(B\x1b[m timestamp=');
    const json = normalizeJson(read(join(committed, 'quirks', 'json.txt')), false) as Array<
      Record<string, unknown>
    >;
    const arrays = json.filter((o) => Array.isArray(o.MESSAGE));
    // the 4 blobs above, plus the record ending in a carriage return
    expect(arrays).toHaveLength(5);
    for (const o of arrays) {
      expect(
        (o.MESSAGE as unknown[]).every((b) => Number.isInteger(b) && (b as number) < 256),
      ).toBe(true);
    }
  });

  it('dialects: SGR colour codes are stripped without -a (systemd 252) and kept with -a', () => {
    const short = read(join(committed, 'dialects', 'short.txt')).toString('latin1');
    expect(short).not.toContain('\x1b');
    expect(short).not.toContain('blob data');
    expect(short).toContain('-- Boot 9d4e1b7c2a3f4e5d8c6b7a8f9e0d1c2b --');
    const all = read(join(committed, 'dialects', 'short-iso-all.txt')).toString('latin1');
    expect(all).toContain('\x1b[34mINFO \x1b[0;39m timestamp=');
    expect(all).toContain('[\x1b[37minfo\x1b[0m] d.m.auditlog - ');
  });
});
