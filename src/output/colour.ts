/**
 * Colours of the table report on a terminal (SGR escapes). Each tone ends
 * with its own reset (22 for bold and dim, 39 for the colour), so a bold
 * heading inside a coloured row keeps the row's colour after it.
 */

/** What a piece of text is, to the reader: how it is coloured. */
export type Tone =
  /** Column headings and section titles. */
  | 'heading'
  /** A grant emitted commented out unless --allow-risky. */
  | 'risky'
  /** A grant never emitted. */
  | 'never'
  /** A DC/OS-native account (dcos_*): the system's own, seldom the operator's concern. */
  | 'native';

const SGR: Record<Tone, [string, string]> = {
  heading: ['\x1b[1m', '\x1b[22m'],
  risky: ['\x1b[33m', '\x1b[39m'],
  never: ['\x1b[31m', '\x1b[39m'],
  native: ['\x1b[2m', '\x1b[22m'],
};

/** `text` in `tone`; empty text and no tone stay as they are. */
export function paint(text: string, tone: Tone | undefined): string {
  if (tone === undefined || text === '') return text;
  const [on, off] = SGR[tone];
  return `${on}${text}${off}`;
}
