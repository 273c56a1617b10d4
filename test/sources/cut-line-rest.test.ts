// The rest of a line old journald cut at 2048 bytes is an entry of its own,
// starting with whatever text came there: a record in it is suspicious,
// never a grant. Read through consume, so that the byte kernel (which
// counts a denial seen before itself) and the text parser both see it, in
// text and in JSON.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/report/aggregate.js';
import { consume } from '../../src/sources/consume.js';
import { roleRecord } from '../helpers/bouncer-line.js';

const PREFIX = '2026-11-22T10:00:08+0000 master-1 bouncer.sh[1877]: ';

/** A record as its line's message, without the journal's prefix and line feed. */
const messageOf = (line: string) => line.slice(PREFIX.length).trimEnd();

/** A line of the same process whose message is `bytes` long: as long as a cut line's when 2000 to 2048. */
const longLine = (bytes: number, ident = 'bouncer.sh[1877]') =>
  `2026-11-22T10:00:08+0000 master-1 ${ident}: ${'A'.repeat(bytes)}\n`;

async function read(text: string) {
  const agg = new Aggregator();
  await consume({ source: 'in', open: () => Readable.from([Buffer.from(text)]) }, agg, {
    maxLine: 1 << 20,
  });
  const s = agg.snapshot();
  return {
    denied: s.denied.map((g) => `${g.uid} ${g.rid.split(':').pop()} ${g.seen.count}`),
    suspicious: s.suspicious.map((g) => g.problem),
  };
}

const REST =
  'may be the rest of a line journald cut at 2048 bytes: the line before, of the same process, is as long as a cut one';

describe('the rest of a line old journald cut', () => {
  it.each([2000, 2047, 2048])(
    'after a message of %i bytes of the same process: suspicious',
    async (n) => {
      const r = await read(longLine(n) + roleRecord('victim', 1));
      expect(r).toEqual({ denied: [], suspicious: [REST] });
    },
  );

  it('a denial the kernel counts itself once seen: suspicious all the same', async () => {
    // Seen ten times first: the kernel then counts it without JavaScript.
    const seen = roleRecord('svc', 1).repeat(10);
    const r = await read(seen + longLine(2048) + roleRecord('svc', 1) + roleRecord('svc', 1));
    expect(r).toEqual({ denied: ['svc r1 11'], suspicious: [REST] });
  });

  it.each([
    ['a longer message (newer journald keeps it whole)', longLine(2100)],
    ['a shorter one', longLine(1990)],
    ['another process', longLine(2048, 'mesos-master[3708]')],
  ])('after %s: read as a record', async (_, before) => {
    expect(await read(before + roleRecord('svc', 1))).toEqual({
      denied: ['svc r1 1'],
      suspicious: [],
    });
  });

  it("after Admin Router's line nginx cut itself (it drops the rest): read as a record", async () => {
    const ar = (uri: string, uid: string) =>
      `2026/11/22 10:00:07 [notice] 2208#0: *9912 [lua] ee.lua:57: auditlog(): type=audit timestamp=2026-11-22T10:00:07Z authorizer=adminrouter object=dcos:adminrouter:ops:mesos action=full result=deny reason="IAM PQ response" srcip=10.0.1.5 srcport=40212 request_uri=${uri} uid=${uid}, client: 10.0.1.5, server: master.mesos, request: "GET ${uri} HTTP/1.1", host: "master.mesos"`;
    const line = (message: string) =>
      `2026-11-22T10:00:08+0000 master-1 adminrouter.sh[2201]: ${message}\n`;
    const cutByNginx = ar(`/x?${'a'.repeat(3000)}`, 'long-sa').slice(0, 2048);
    const r = await read(line(cutByNginx) + line(ar('/mesos/master/state', 'metrics-sa')));
    expect(r.suspicious).toEqual([]);
    expect(r.denied).toEqual(['metrics-sa mesos 1']);
  });

  it('in journalctl -o json: suspicious after an entry of the same process with a cut-long message', async () => {
    const entry = (message: string, ident = 'bouncer.sh') =>
      `${JSON.stringify({ __REALTIME_TIMESTAMP: '1763805608000000', _HOSTNAME: 'master-1', SYSLOG_IDENTIFIER: ident, _PID: '1877', MESSAGE: message })}\n`;
    const record = messageOf(roleRecord('victim', 1));
    expect(await read(entry('A'.repeat(2048)) + entry(record))).toEqual({
      denied: [],
      suspicious: [REST],
    });
    expect(await read(entry('A'.repeat(2048), 'other') + entry(record))).toEqual({
      denied: ['victim r1 1'],
      suspicious: [],
    });
  });
});
