/** What one line of journalctl output says, in each of the formats it is read in. */

export type JournalFormat =
  | 'short'
  | 'short-precise'
  | 'short-iso'
  | 'short-iso-precise'
  | 'short-full'
  | 'short-unix'
  | 'dcos-node-log'
  | 'json'
  | 'json-seq'
  | 'cat';

/** One journal entry as far as a line of journalctl output tells it. */
export interface JournalEntry {
  format: JournalFormat;
  /** The MESSAGE field; undefined when the journal did not show it. */
  message: string | undefined;
  /** Why `message` is missing or incomplete: shown as blob, or null in JSON. */
  hidden?: 'blob' | 'null';
  host?: string;
  ident?: string;
  /** Epoch milliseconds of the journal entry. */
  time?: number;
}
