import type { JournalEntry } from './entry.js';
import { parseTimestamp } from './timestamp.js';

/**
 * One journal entry as JSON, its fields found where each writer puts them:
 * - a line of `journalctl -o json` or `-o json-seq`: the fields themselves;
 * - the DC/OS logging API (`Accept: application/json`): under `fields`, the
 *   time in `realtime_timestamp` (microseconds);
 * - a log store's export: a Fluent Bit document exported from Elasticsearch,
 *   one `_source` object a line or the whole hit `{"_source": {...}}` as
 *   elasticdump writes it. Fluent Bit (`Strip_Underscores On`) drops one
 *   leading underscore of trusted fields (`HOSTNAME` for `_HOSTNAME`) and the
 *   store adds `@timestamp` (ISO 8601); `MESSAGE` and `SYSLOG_IDENTIFIER` keep
 *   their names.
 * MESSAGE is a string, an array of byte
 * values (a message holding control characters or invalid UTF-8), null (a
 * field over 4096 bytes without `--all`), or an array of those when the
 * field repeats. Returns undefined when the line is not a JSON object.
 */
export function parseJsonEntry(line: string): JournalEntry | undefined {
  const text = line.charCodeAt(0) === 0x1e ? line.slice(1) : line;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const fields = isObject(value._source)
    ? value._source
    : isObject(value.fields)
      ? value.fields
      : value;
  const entry: JournalEntry = {
    format: text === line ? 'json' : 'json-seq',
    message: undefined,
  };
  const raw = fields.MESSAGE;
  if (raw === null) entry.hidden = 'null';
  else entry.message = fieldText(raw);
  // Any field may be bytes (a control character in it) or several values, as MESSAGE may.
  const host = nonEmpty(fieldText(fields._HOSTNAME)) ?? nonEmpty(fieldText(fields.HOSTNAME));
  if (host !== undefined) entry.host = host;
  const ident = fieldText(fields.SYSLOG_IDENTIFIER);
  if (ident !== undefined) entry.ident = ident;
  const time = entryTime(
    fields.__REALTIME_TIMESTAMP,
    value.realtime_timestamp,
    fields['@timestamp'],
  );
  if (time !== undefined) entry.time = time;
  return entry;
}

/** Epoch milliseconds from journalctl's or the logging API's microseconds, else the store's ISO time. */
function entryTime(usec: unknown, apiUsec: unknown, iso: unknown): number | undefined {
  if (typeof usec === 'string' && /^\d{1,19}$/.test(usec)) return Math.floor(Number(usec) / 1000);
  if (typeof apiUsec === 'number' && Number.isSafeInteger(apiUsec) && apiUsec >= 0)
    return Math.floor(apiUsec / 1000);
  return typeof iso === 'string' ? parseTimestamp(iso) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A field's text: a string, journald's byte values (UTF-8), or the first of several values. */
function fieldText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  if (typeof raw[0] !== 'number') return fieldText(raw[0]);
  const bytes = Buffer.allocUnsafe(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) return undefined;
    bytes[i] = b;
  }
  return bytes.toString('utf8');
}
