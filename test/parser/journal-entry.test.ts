import { afterEach, describe, expect, it, vi } from 'vitest';
import { mayMatter } from '../../src/parser/classify-line.js';
import { parseJournalLine, shortTime } from '../../src/parser/journal-entry.js';

const MSG = 'hello: world [x]';

describe('parseJournalLine: every journalctl output format', () => {
  it.each([
    ['short', `Nov 22 10:00:07 master-1 nginx[12]: ${MSG}`, 'master-1', 'nginx'],
    ['short', `Nov  2 10:00:07 master-1 nginx: ${MSG}`, 'master-1', 'nginx'],
    ['short-precise', `Nov 22 10:00:07.123456 master-1 nginx[12]: ${MSG}`, 'master-1', 'nginx'],
    [
      'short-iso',
      `2026-11-22T10:00:07+0000 master-1 bouncer.sh[1]: ${MSG}`,
      'master-1',
      'bouncer.sh',
    ],
    [
      'short-iso-precise',
      `2026-11-22T10:00:07.123456+00:00 m bouncer.sh[1]: ${MSG}`,
      'm',
      'bouncer.sh',
    ],
    [
      'short-full',
      `Sun 2026-11-22 10:00:07 UTC master-2 metronome[3]: ${MSG}`,
      'master-2',
      'metronome',
    ],
    [
      'short-unix',
      `1763805607.123456 master-3 mesos-master[9]: ${MSG}`,
      'master-3',
      'mesos-master',
    ],
    ['dcos-node-log', `2026-11-22 10:00:07: ${MSG}`, undefined, undefined],
    [
      'dcos-node-log',
      `2026-11-22 10:00:07 UTCdcos-adminrouter [2201]: ${MSG}`,
      undefined,
      'dcos-adminrouter',
    ],
    [
      'dcos-node-log',
      `Thu Dec 15 00:29:29 2016 master-1 dcos-adminrouter [2201] ${MSG}`,
      'master-1',
      'dcos-adminrouter',
    ],
    ['cat', MSG, undefined, undefined],
  ])('%s: %s', (format, line, host, ident) => {
    const entry = parseJournalLine(line);
    expect(entry.format).toBe(format);
    expect(entry.message).toBe(MSG);
    expect(entry.host).toBe(host);
    expect(entry.ident).toBe(ident);
  });

  it('reads the times of the formats that carry a zone', () => {
    const at = Date.UTC(2026, 10, 22, 10, 0, 7);
    expect(parseJournalLine(`2026-11-22T10:00:07+0000 h x: m`).time).toBe(at);
    expect(parseJournalLine(`2026-11-22T11:00:07.500000+01:00 h x: m`).time).toBe(at + 500);
    expect(parseJournalLine(`Sun 2026-11-22 10:00:07 UTC h x: m`).time).toBe(at);
    expect(parseJournalLine(`${at / 1000}.250000 h x: m`).time).toBe(at + 250);
    // short-full in another zone (journalctl writes its abbreviation): this machine's local time, as short.
    expect(parseJournalLine(`Sun 2026-11-22 10:00:07 CET h x: m`).time).toBe(
      new Date(2026, 10, 22, 10, 0, 7).getTime(),
    );
  });

  it("reads dcos-log's text form (dcos node log, 1.9 docs on): host, ident and time", () => {
    expect(
      parseJournalLine(
        `Thu Dec 15 00:29:29 2016 ip-10-0-6-165.us-west-2.compute.internal systemd [1] ${MSG}`,
      ),
    ).toEqual({
      format: 'dcos-node-log',
      message: MSG,
      host: 'ip-10-0-6-165.us-west-2.compute.internal',
      ident: 'systemd',
      time: Date.UTC(2016, 11, 15, 0, 29, 29),
    });
    // Go's ANSIC pads the day with a space; an entry without SYSLOG_IDENTIFIER shows none.
    expect(
      parseJournalLine(`Tue Nov  3 09:04:00 2026 master-3 [2231] master-3 nginx: ${MSG}`),
    ).toEqual({
      format: 'dcos-node-log',
      message: `master-3 nginx: ${MSG}`,
      host: 'master-3',
      time: Date.UTC(2026, 10, 3, 9, 4, 0),
    });
    // Without a pid, the ident cannot be told from the message: all of it is the message.
    expect(parseJournalLine(`Tue Nov 24 09:04:00 2026 m x ${MSG}`)).toMatchObject({
      host: 'm',
      message: `x ${MSG}`,
    });
    expect(parseJournalLine(`Tue Nov 24 25:04:00 2026 m x[1]: ${MSG}`).time).toBeUndefined();
  });

  it("reads dcos node log's `YYYY-MM-DD HH:MM:SS: ` time as local time, the `UTC` form as UTC", () => {
    const was = process.env.TZ;
    try {
      for (const [zone, offsetMinutes] of [
        ['Asia/Kolkata', 330],
        ['America/New_York', -300],
        ['UTC', 0],
      ] as const) {
        process.env.TZ = zone;
        const utc = Date.UTC(2026, 10, 22, 10, 0, 7);
        expect(parseJournalLine(`2026-11-22 10:00:07: ${MSG}`).time, zone).toBe(
          utc - offsetMinutes * 60_000,
        );
        expect(parseJournalLine(`2026-11-22 10:00:07 UTCnginx [2]: ${MSG}`).time, zone).toBe(utc);
      }
      expect(parseJournalLine(`2026-13-22 10:00:07: ${MSG}`).time).toBeUndefined();
    } finally {
      if (was === undefined) delete process.env.TZ;
      else process.env.TZ = was;
    }
  });

  it('reads json and json-seq, with MESSAGE as text, bytes or null', () => {
    const fields = {
      _HOSTNAME: 'master-1',
      SYSLOG_IDENTIFIER: 'marathon.sh',
      __REALTIME_TIMESTAMP: '1763805607123456',
    };
    const text = parseJournalLine(JSON.stringify({ ...fields, MESSAGE: MSG }));
    expect(text).toMatchObject({
      format: 'json',
      message: MSG,
      host: 'master-1',
      ident: 'marathon.sh',
      time: 1763805607123,
    });
    const bytes = [...Buffer.from(`\x1b[32mINFO\x1b[0m ${MSG}`)];
    expect(parseJournalLine(`\x1e${JSON.stringify({ ...fields, MESSAGE: bytes })}`)).toMatchObject({
      format: 'json-seq',
      message: `\x1b[32mINFO\x1b[0m ${MSG}`,
    });
    expect(parseJournalLine(JSON.stringify({ MESSAGE: null })).hidden).toBe('null');
    expect(parseJournalLine(JSON.stringify({ MESSAGE: [300, 1] })).message).toBeUndefined();
  });

  it('marks messages journalctl hid as blob data', () => {
    expect(parseJournalLine('Nov 22 10:00:09 m marathon.sh[1]: [311B blob data]').hidden).toBe(
      'blob',
    );
    expect(parseJournalLine('[1.2K blob data]').hidden).toBe('blob');
    expect(
      parseJournalLine('Nov 22 10:00:09 m x[1]: not [1B blob data] at all').hidden,
    ).toBeUndefined();
  });

  it('treats a line that only looks like JSON as cat', () => {
    expect(parseJournalLine('{not json').format).toBe('cat');
    expect(parseJournalLine('[1,2]').format).toBe('cat');
  });
});

describe('mayMatter: lines that hold no marker yet can matter', () => {
  const check = (line: string) => {
    const b = Buffer.from(line);
    return mayMatter(b, 0, b.length);
  };
  it('finds byte-array and null MESSAGEs, spaced as new and old journalctl write them', () => {
    expect(check('{"MESSAGE":[104,105],"_HOSTNAME":"m"}')).toBe(true);
    expect(check('{ "__CURSOR" : "s=1", "MESSAGE" : [ 104, 105 ] }')).toBe(true);
    expect(check('\x1e{"MESSAGE":null}')).toBe(true);
    expect(check('{"MESSAGE":"plain text"}')).toBe(false);
    expect(check('{"OTHER":[1]}')).toBe(false);
  });
  it('finds messages hidden as blob data at the end of text lines', () => {
    expect(check('Nov 22 10:00:09 m marathon.sh[1]: [311B blob data]')).toBe(true);
    expect(check('Nov 22 10:00:09 m marathon.sh[1]: blob data] here')).toBe(false);
  });
});

describe('shortTime: a short line has no year', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const local = (...parts: number[]) =>
    new Date(parts[0]!, parts[1]!, parts[2]!, parts[3]!, parts[4]!, parts[5]!).getTime();

  it('takes the latest year in which the day exists and that is not in the future', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 6, 15, 0, 0));
    expect(shortTime('Nov', 22, 10, 0, 7)).toBe(local(2026, 10, 22, 10, 0, 7));
    // More than a day ahead this year: last year.
    expect(shortTime('Dec', 24, 10, 0, 7)).toBe(local(2025, 11, 24, 10, 0, 7));
    // Feb 29 stands only in a leap year: 2024, not March 1 of 2026.
    expect(shortTime('Feb', 29, 10, 0, 8)).toBe(local(2024, 1, 29, 10, 0, 8));
  });

  it('gives no time for a day or a time of day that no year has', () => {
    for (const [mon, day, h, mi, s] of [
      ['Feb', 30, 10, 0, 0],
      ['Apr', 31, 10, 0, 0],
      ['Nov', 0, 10, 0, 0],
      ['Nov', 22, 25, 0, 8],
      ['Nov', 22, 10, 60, 0],
      ['Nov', 22, 10, 0, 60],
    ] as const)
      expect(shortTime(mon, day, h, mi, s), `${mon} ${day} ${h}:${mi}:${s}`).toBeUndefined();
  });
});

describe('parseJournalLine: a byte-order mark before the first line', () => {
  it('is not part of the line: its host and time are read as without it', () => {
    const line = `Nov 22 10:00:07 master-1 nginx[12]: ${MSG}`;
    expect(parseJournalLine(`\ufeff${line}`)).toEqual(parseJournalLine(line));
    const json = '{"MESSAGE":"x","_HOSTNAME":"m"}';
    expect(parseJournalLine(`\ufeff${json}`)).toEqual(parseJournalLine(json));
  });
});
