import type { FirstSight } from '../report/first-sight.js';
import { displayWidth } from './fold.js';
import { printable } from './printable.js';

/**
 * What a follow shows of itself on stderr: one line per new finding (not a
 * terminal), or on a terminal a few lines redrawn in place (src/cli/follow/
 * live.ts draws them). Pure: text from a model. Log text is escaped
 * (`printable`), and every line is cut to the terminal's width, so that the
 * view's height is its number of lines.
 */

/** A finding as one line: what it is, then where and when it was seen. */
export function sightLine(sight: FirstSight): string {
  const where = (host: string | null, time: number | null) => {
    const parts = [host, time === null ? null : new Date(time).toISOString().slice(11, 19)];
    const known = parts.filter((p) => p !== null);
    return known.length > 0 ? ` (${known.join(', ')})` : '';
  };
  switch (sight.event) {
    case 'denied':
      return printable(
        `new denial: ${sight.uid} ${sight.rid} ${sight.action}${where(sight.host, sight.time)}`,
      );
    case 'unattributed':
      return printable(
        `new denial without an account: ${sight.rid} ${sight.action} (${sight.reason})${where(sight.host, sight.time)}`,
      );
    case 'authentication-failure': {
      const what = sight.object === null ? sight.action : `${sight.action} ${sight.object}`;
      const why = sight.reason === null ? '' : `: ${sight.reason}`;
      return printable(
        `new failed authentication: ${sight.uid ?? 'no account'} ${what}${why}${where(sight.host, sight.time)}`,
      );
    }
    case 'suspicious':
    case 'malformed':
      return printable(`new ${sight.event} line: ${sight.problem} (${sight.source}:${sight.line})`);
    case 'invalid':
      return printable(
        `new denial that cannot be granted: ${sight.uid} ${sight.rid} ${sight.action}: ${sight.problem}`,
      );
    case 'unmapped':
      return printable(
        `new record that names no permission: ${sight.component} ${sight.object} ${sight.action}: ${sight.problem}${where(sight.host, sight.time)}`,
      );
    case 'truncated':
      return printable(
        `new record cut before its end: ${sight.object} ${sight.action}${where(sight.host, sight.time)}`,
      );
  }
}

export interface LiveSource {
  source: string;
  state: string;
  detail?: string | undefined;
}

export interface LiveModel {
  sources: readonly LiveSource[];
  /** Per account: denied permissions in all, and how many of them are new in this run. */
  accounts: ReadonlyMap<string, { denied: number; fresh: number }>;
  /** The lines of the last new findings, oldest first. */
  recent: readonly string[];
  recordsPerSecond: number;
  /** Milliseconds since the last new denial, or since the start when none came. */
  quiet: number;
  anyNewDenial: boolean;
}

/** A source and its state: `master-1: retrying (in 2 s: ...)`. */
export function sourceLine(s: LiveSource): string {
  return printable(`${s.source}: ${s.state}${s.detail ? ` (${s.detail})` : ''}`);
}

const SOURCES_SHOWN = 6;
const ACCOUNTS_SHOWN = 5;

/** The live view's lines, each at most `width - 1` columns (a full line would wrap on some terminals). */
export function liveLines(model: LiveModel, width: number): string[] {
  const since = model.anyNewDenial
    ? `last new denial ${duration(model.quiet)} ago`
    : `no new denial yet (${duration(model.quiet)})`;
  const n = model.sources.length;
  const lines = [
    `audit2grant: following ${n} input${n === 1 ? '' : 's'}, ${Math.round(model.recordsPerSecond)} records/s, ${since}`,
  ];
  for (const s of model.sources.slice(0, SOURCES_SHOWN)) lines.push(`  ${sourceLine(s)}`);
  if (n > SOURCES_SHOWN) lines.push(`  and ${n - SOURCES_SHOWN} more`);
  const accounts = [...model.accounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (accounts.length > 0) {
    const shown = accounts
      .slice(0, ACCOUNTS_SHOWN)
      .map(([uid, c]) => `${uid} ${c.denied}${c.fresh > 0 ? ` (${c.fresh} new)` : ''}`);
    const more =
      accounts.length > ACCOUNTS_SHOWN ? `, ${accounts.length - ACCOUNTS_SHOWN} more` : '';
    lines.push(printable(`denied permissions: ${shown.join(', ')}${more}`));
  }
  for (const line of model.recent) lines.push(`  ${line}`);
  lines.push('Ctrl-C ends the follow and writes the report');
  return lines.map((l) => cut(l, Math.max(10, width - 1)));
}

/** `90s`, `12m 5s`, `2h 3m`. */
export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** The start of `line` no wider than `width` columns, `...` ending it when cut. */
function cut(line: string, width: number): string {
  if (displayWidth(line) <= width) return line;
  let out = '';
  let used = 0;
  for (const c of line) {
    used += displayWidth(c);
    if (used > width - 3) break;
    out += c;
  }
  return `${out}...`;
}
