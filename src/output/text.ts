/** Small text helpers shared by the output formats. */

/** `1 grant`, `2 grants`. */
export const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** An ISO time as `YYYY-MM-DD HH:MM:SS` (UTC), `-` when unknown. */
export const shortTime = (t: string | null) => (t ? t.slice(0, 19).replace('T', ' ') : '-');

/** Records over groups. */
export const sumCounts = (xs: readonly { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);
