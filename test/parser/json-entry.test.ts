import { describe, expect, it } from 'vitest';
import { parseJournalLine } from '../../src/parser/journal-entry.js';

// Journal entries as JSON, wherever they come from: journalctl, the DC/OS
// logging API, and a log store's export of Fluent Bit's documents.

const MESSAGE =
  '[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=kafka-principal action=create object=dcos:mesos:master:reservation:role:kafka-role result=deny reason="no matching ACL"';
const AT = Date.UTC(2026, 10, 22, 10, 0, 8, 431);
const WANT = { format: 'json', message: MESSAGE, host: 'master-2', ident: 'bouncer.sh', time: AT };

/** A Fluent Bit document as Elasticsearch keeps it (Strip_Underscores On). */
const fluentBit = {
  MESSAGE,
  HOSTNAME: 'master-2',
  SYSTEMD_UNIT: 'dcos-bouncer.service',
  SYSLOG_IDENTIFIER: 'bouncer.sh',
  PRIORITY: '6',
  PID: '1877',
  '@timestamp': '2026-11-22T10:00:08.431Z',
};

describe('JSON journal entries', () => {
  it('reads a Fluent Bit document exported from Elasticsearch, one _source a line', () => {
    expect(parseJournalLine(JSON.stringify(fluentBit))).toEqual(WANT);
  });

  it('reads a whole hit, as elasticdump writes it', () => {
    const hit = {
      _index: 'logstash-2026.11.22',
      _type: '_doc',
      _id: 'AX1',
      _score: 1,
      _source: fluentBit,
    };
    expect(parseJournalLine(JSON.stringify(hit))).toEqual(WANT);
  });

  it("reads @timestamp to the millisecond whatever its fraction: Fluent Bit's nanoseconds, none", () => {
    const at = (stamp: string) =>
      parseJournalLine(JSON.stringify({ ...fluentBit, '@timestamp': stamp })).time;
    expect(at('2026-11-22T10:00:08.431207123Z')).toBe(AT);
    expect(at('2026-11-22T10:00:08Z')).toBe(AT - 431);
    expect(at('2026-11-22T11:00:08.431+01:00')).toBe(AT);
    expect(at('yesterday')).toBeUndefined();
  });

  it("reads the DC/OS logging API's entry: fields apart, the time in microseconds", () => {
    const entry = {
      fields: {
        MESSAGE,
        _HOSTNAME: 'master-2',
        _SYSTEMD_UNIT: 'dcos-bouncer.service',
        SYSLOG_IDENTIFIER: 'bouncer.sh',
      },
      cursor: 's=1;i=2;b=3;m=4;t=5;x=6',
      monotonic_timestamp: 12,
      realtime_timestamp: AT * 1000 + 207,
    };
    expect(parseJournalLine(JSON.stringify(entry))).toEqual(WANT);
  });

  it("keeps journalctl's own fields first: _HOSTNAME and __REALTIME_TIMESTAMP", () => {
    const line = JSON.stringify({
      ...fluentBit,
      _HOSTNAME: 'master-1',
      __REALTIME_TIMESTAMP: String((AT + 1000) * 1000),
    });
    expect(parseJournalLine(line)).toEqual({ ...WANT, host: 'master-1', time: AT + 1000 });
  });

  it('leaves a document without a host without one, and a _source that is not an object alone', () => {
    const { HOSTNAME: _, ...rest } = fluentBit;
    expect(parseJournalLine(JSON.stringify(rest)).host).toBeUndefined();
    const odd = JSON.stringify({ _source: 'text', MESSAGE, HOSTNAME: 'h' });
    expect(parseJournalLine(odd)).toMatchObject({ message: MESSAGE, host: 'h' });
  });

  it('reads a host and an identifier journald wrote as bytes, or as several values', () => {
    const bytes = [...Buffer.from('master-\x1b1')];
    const line = JSON.stringify({ MESSAGE, _HOSTNAME: bytes, SYSLOG_IDENTIFIER: ['nginx', 'x'] });
    expect(parseJournalLine(line)).toMatchObject({ host: 'master-\x1b1', ident: 'nginx' });
    const several = JSON.stringify({ MESSAGE, _HOSTNAME: ['master-1', 'master-2'] });
    expect(parseJournalLine(several).host).toBe('master-1');
  });
});
