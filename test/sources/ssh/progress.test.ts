import { describe, expect, it } from 'vitest';
import { formatBytes, Progress, progressLine } from '../../../src/sources/ssh/progress.js';

function sink() {
  const writes: string[] = [];
  return { writes, write: (t: string) => writes.push(t) };
}

describe('progress on a terminal', () => {
  it('says hosts done, failed, records and bytes', () => {
    expect(progressLine({ hosts: 50, done: 12, failed: 0, records: 340, bytes: 5_800_000 })).toBe(
      'audit2grant: 12/50 hosts read, 340 audit records, 5.5 MiB received',
    );
    expect(progressLine({ hosts: 3, done: 3, failed: 1, records: 0, bytes: 10 })).toBe(
      'audit2grant: 3/3 hosts read, 1 failed, 0 audit records, 10 B received',
    );
    expect(formatBytes(2048)).toBe('2.0 KiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
  });

  it('redraws one line, writes messages above it, and erases it at the end', async () => {
    const out = sink();
    let records = 0;
    const p = new Progress(out, 2, () => records, 10);
    p.bytes(100);
    await new Promise((r) => setTimeout(r, 30));
    records = 5;
    p.hostDone(false);
    p.log('audit2grant: h2: connection refused');
    p.hostDone(true);
    p.end();
    const text = out.writes.join('');
    expect(text).toContain(
      '\r\u001b[2Kaudit2grant: 0/2 hosts read, 0 audit records, 100 B received',
    );
    expect(text).toContain(
      '\r\u001b[2Kaudit2grant: 1/2 hosts read, 5 audit records, 100 B received',
    );
    expect(text).toContain('\r\u001b[2Kaudit2grant: h2: connection refused\n');
    expect(text).toContain('2/2 hosts read, 1 failed');
    expect(text.endsWith('\r\u001b[2K')).toBe(true);
    // Nothing is drawn after the end.
    const n = out.writes.length;
    p.bytes(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(out.writes.length).toBe(n);
  });
});
