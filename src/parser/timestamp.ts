/**
 * Timestamps as the components write them, to epoch milliseconds:
 * `2026-11-22T10:00:07Z` (Admin Router), `2026-11-22T10:00:08.431207Z` (IAM),
 * `2026-11-22 10:00:07.752534123+00:00` (Mesos), `2026-11-22T10:00:09.120Z`
 * (Marathon), `2026-11-22T10:00:07+0000` (journalctl short-iso).
 */
const ISO =
  /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(?:(Z)|([+-])(\d\d):?(\d\d))?$/;

export function parseTimestamp(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (sign) t -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return Number.isFinite(t) ? t : undefined;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
