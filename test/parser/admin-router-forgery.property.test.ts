// Admin Router writes the client's raw URI twice: as request_uri, before the
// account, and in nginx's request line. Whatever a client puts in its URI and
// Host header, and wherever the 2048-byte limit cuts the line, neither reader
// may take any account but the one Admin Router wrote.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/parser/classify-line.js';
import { RecordView } from '../../src/parser/record-view.js';

const PREFIX =
  'Nov 22 10:00:07 m1 nginx[2208]: 2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): ';
const RECORD =
  'type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny';

/** Pieces of what nginx and Admin Router write, for a client to forge with. */
const piece = fc.constantFrom(
  ' uid=victim',
  ' uid=attacker',
  ', client: 1.2.3.4',
  ', server: master.mesos',
  ', request: "',
  'GET /x',
  ' HTTP/1.1"',
  '"',
  ' while sending to client',
  ', host: "h"',
  ' ',
  '/x',
  '?uid=victim',
  'a',
);
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

/** The line nginx writes for a request of `uri`, by `uid` (none: not authenticated). */
function nginxLine(uri: string, uid: string | undefined, host: string, http09: boolean): string {
  const reason = uid ? 'IAM PQ response' : 'not authenticated';
  const account = uid ? ` uid=${uid}` : '';
  const target = http09 ? `GET ${uri}` : `GET ${uri} HTTP/1.1`;
  return `${PREFIX}${RECORD} reason="${reason}" srcip=10.0.1.5 srcport=40212 request_uri=${uri}${account}, client: 10.0.1.5, server: master.mesos, request: "${target}", host: "${host}"`;
}

const view = new RecordView();

describe('an Admin Router record, whatever the client sent', () => {
  it('is read with the account Admin Router wrote, or none', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.constant('/'), text).map(([a, b]) => a + b),
        fc.option(fc.constantFrom('real-sa', 'attacker'), { nil: undefined }),
        text,
        fc.boolean(),
        fc.option(fc.integer({ min: 1900, max: 2048 }), { nil: undefined }),
        fc.nat(1500),
        (uri, uid, host, http09, cutAt, padding) => {
          const full = nginxLine(`${uri}${'p'.repeat(padding)}`, uid, host, http09);
          const line = cutAt === undefined ? full : full.slice(0, full.indexOf('2026/') + cutAt);
          const buf = Buffer.from(line);
          const parsed = classifyLine(buf, 0, buf.length);
          if (view.read(buf, 0, buf.length)) expect(view.outcome(), line).toEqual(parsed);
          if (parsed.kind === 'record' && parsed.record.uid !== undefined) {
            expect(parsed.record.uid, line).toBe(uid);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is read with its account when the client sent an ordinary request', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\/[A-Za-z0-9._~/?=&%,;:@!$'()*+-]{0,80}$/),
        fc.boolean(),
        (uri, http09) => {
          const line = nginxLine(uri, 'real-sa', 'master.mesos', http09);
          const buf = Buffer.from(line);
          const parsed = classifyLine(buf, 0, buf.length);
          expect(parsed.kind === 'record' && parsed.record.uid, line).toBe('real-sa');
          // The kernel leaves a URI holding `type=` (what a second record
          // would start with) to the parser, which reads it as above.
          if (!uri.includes('type=')) expect(view.read(buf, 0, buf.length), line).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
