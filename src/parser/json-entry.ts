import type { JournalEntry } from './entry.js';

/**
 * One line of `journalctl -o json` or `-o json-seq`. MESSAGE is a string, an
 * array of byte values (a message holding control characters or invalid
 * UTF-8), null (a field over 4096 bytes without `--all`), or an array of those
 * when the field repeats. Returns undefined when the line is not a JSON object.
 */
export function parseJsonEntry(line: string): JournalEntry | undefined {
  const text = line.charCodeAt(0) === 0x1e ? line.slice(1) : line;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const fields = value as Record<string, unknown>;
  const entry: JournalEntry = {
    format: text === line ? 'json' : 'json-seq',
    message: undefined,
  };
  const raw = fields.MESSAGE;
  if (raw === null) entry.hidden = 'null';
  else entry.message = messageText(raw);
  const host = fields._HOSTNAME;
  if (typeof host === 'string' && host.length > 0) entry.host = host;
  const ident = fields.SYSLOG_IDENTIFIER;
  if (typeof ident === 'string') entry.ident = ident;
  const usec = fields.__REALTIME_TIMESTAMP;
  if (typeof usec === 'string' && /^\d{1,19}$/.test(usec))
    entry.time = Math.floor(Number(usec) / 1000);
  return entry;
}

function messageText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  if (typeof raw[0] !== 'number') return messageText(raw[0]);
  const bytes = Buffer.allocUnsafe(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) return undefined;
    bytes[i] = b;
  }
  return bytes.toString('utf8');
}
