import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { Report } from '../../src/report/schema.js';
import { sniff } from '../../src/sources/sniff.js';
import { analyze } from '../helpers/analyze.js';

/** Real-shaped lines of every dialect and format, to mutate. */
const SEEDS = [
  'Nov 22 10:00:07 master-1 adminrouter.sh[2201]: 2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=/mesos/master/state uid=metrics-sa, client: 10.0.1.5, server: master.mesos, request: "GET /mesos/master/state HTTP/1.1", host: "master.mesos"',
  '2026-11-22T10:00:08+0000 master-2 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=kafka-principal action=create object=dcos:mesos:master:reservation:role:kafka-role result=deny reason="no matching ACL"',
  'I1122 10:00:07.752534  3708 logfmt.cpp:178] dstip=10.0.0.2 type=audit timestamp=2026-11-22 10:00:07.752534+00:00 reason="x" uid="metrics-sa" object="/slave(1)/state" agent="curl" authorizer="mesos-agent" action="GET" result=deny srcip=10.0.0.5 dstport=5051 srcport=4433',
  '{"MESSAGE":"[2026-11-22 10:00:09,120] INFO  timestamp=2026-11-22T10:00:09.120Z type=audit uid=cicd srcip=1.2.3.4 authorizer=marathon action=CreateRunSpec path=/dev/web result=deny (l:t)","_HOSTNAME":"m"}',
  '{"MESSAGE":[91,50,48,50,54,93,32,116,121,112,101,61,97,117,100,105,116],"_HOSTNAME":"m"}',
  'Nov 22 10:00:09 m marathon.sh[1]: [311B blob data]',
  'Nov 22 10:00:09 m systemd-journald[400]: Suppressed 1234 messages from dcos-marathon.service',
  '\x1e{"MESSAGE":null}',
];

const CHARS = [
  '"',
  "'",
  '=',
  ' ',
  '\r',
  '\0',
  '\x1b',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  'type=audit ',
  'uid=',
  '\u00ff',
  '\ud800',
];

/** A seed line with random edits: inserted, deleted and replaced characters, or a cut. */
const mutatedLine = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat(3),
        fc.oneof(fc.constantFrom(...CHARS), fc.string({ maxLength: 4 })),
      ),
      {
        maxLength: 6,
      },
    ),
  )
  .map(([seed, edits]) => {
    let s = seed;
    for (const [at, del, ins] of edits) {
      const i = at % (s.length + 1);
      s = s.slice(0, i) + ins + s.slice(i + del);
    }
    return s.replace(/\n/g, '');
  });

const anyLine = fc.oneof(
  mutatedLine,
  fc.string({ maxLength: 200 }).map((s) => s.replace(/\n/g, '')),
  fc
    .uint8Array({ maxLength: 300 })
    .map((b) => Buffer.from(b).toString('latin1').replace(/\n/g, '')),
);

describe('parser properties', () => {
  it('never throws on any line, whatever its bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), anyLine, (bytes, line) => {
        classifyLine(Buffer.from(bytes), 0, bytes.length);
        const b = Buffer.from(line, 'latin1');
        classifyLine(b, 0, b.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('accounts for every line: lines = records + notAudit + malformed + suspicious + tooLong', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyLine, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 64 }),
        async (lines, eol, chunkSize) => {
          const bytes = Buffer.from(lines.map((l) => l + eol).join(''), 'latin1');
          // Feed in small chunks so lines cross chunk boundaries.
          const chunks: Buffer[] = [];
          for (let i = 0; i < bytes.length; i += chunkSize)
            chunks.push(bytes.subarray(i, i + chunkSize));
          const report = await analyze(chunks, { maxLine: 1024 });
          const s = report.stats;
          // Lines that start with a magic the input's first bytes are read by
          // (gzip's 1f 8b, a PNG's, ...) make no journal text: that input
          // fails, in one line, and the report says it is partial.
          if (sniff(bytes, bytes.length).kind !== 'text') {
            expect(report.inputs[0]).toMatchObject({ complete: false, lines: 0 });
            expect(report.partial).toBe(true);
            return;
          }
          expect(s.lines).toBe(lines.length);
          expect(s.records + s.notAudit + s.malformed + s.suspicious + s.tooLong).toBe(s.lines);
          expect(s.denyRecords + s.allowRecords).toBe(s.records);
          expect(() => Report.parse(report)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts the same whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutatedLine, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 50 }),
        async (lines, size) => {
          const bytes = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
          const chunks: Buffer[] = [];
          for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
          const whole = await analyze(bytes);
          const pieces = await analyze(chunks);
          expect(pieces.stats).toEqual(whole.stats);
          expect(pieces.accounts).toEqual(whole.accounts);
        },
      ),
      { numRuns: 150 },
    );
  });
});
