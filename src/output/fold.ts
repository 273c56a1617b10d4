/**
 * Text folded to a terminal's width: what the table report does on a
 * terminal so that no line is wrapped by the terminal itself. Nothing is cut:
 * an id too long for its column is broken into lines, never shortened.
 */

const ASCII = /^[\x20-\x7e]*$/;
/** Code points a terminal draws in no column: combining marks and format characters. */
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/** East Asian wide and fullwidth code points, and emoji: two columns each. */
function wide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Emoji shown as emoji by default (🚀 ✅ ⭐, not ☀ without its selector):
 * East Asian wide since Unicode 9, two columns on a terminal, wherever
 * Unicode put them. Not the regional indicators, one column each, which
 * make a flag two by pairs.
 */
const EMOJI = /^(?![\u{1F1E6}-\u{1F1FF}])\p{Emoji_Presentation}$/u;

function charWidth(c: string): number {
  if (ZERO.test(c)) return 0;
  return wide(c.codePointAt(0)!) || EMOJI.test(c) ? 2 : 1;
}

/**
 * Columns `text` takes on a terminal, for text without control characters
 * (report text is escaped by `printable` first).
 */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let n = 0;
  for (const c of text) n += charWidth(c);
  return n;
}

/** Where the longest start of `text` no wider than `width` ends: at least one character. */
function fitEnd(text: string, width: number): number {
  if (ASCII.test(text)) return Math.max(1, Math.min(width, text.length));
  let used = 0;
  let end = 0;
  for (const c of text) {
    used += charWidth(c);
    if (used > width && end > 0) break;
    end += c.length;
  }
  return end;
}

/**
 * Where an id breaks well: after its separators, the strong ones (between
 * the parts of a permission id, of a path) before the weak ones (inside a
 * name). A strong break is taken unless it would leave a short line.
 */
const BREAKS = [/[:/]/, /[.,;=@)|_-]/];

/** The end of the line in `text` broken after a separator, at or before `end`; 0 if none. */
function separatorBreak(text: string, end: number): number {
  for (const [tier, separator] of BREAKS.entries()) {
    const last = tier === BREAKS.length - 1;
    for (let i = end; i > 0; i--) {
      if (!last && i < end / 2) break;
      // After a run of separators ("//"), never inside it.
      if (separator.test(text[i - 1]!) && !BREAKS.some((b) => b.test(text[i] ?? ''))) return i;
    }
  }
  return 0;
}

/**
 * One line as lines no wider than `first` (the first) and `next` (the rest):
 * broken at a space (which is dropped), else after a separator, else inside
 * a word; nothing else is lost.
 */
export function foldLine(line: string, first: number, next: number = first): string[] {
  const out: string[] = [];
  let rest = line;
  let width = first;
  while (displayWidth(rest) > width) {
    const end = fitEnd(rest, width);
    const space = rest.lastIndexOf(' ', end);
    if (space > 0 && rest.slice(0, space).trim() !== '') {
      out.push(rest.slice(0, space).trimEnd());
      rest = rest.slice(space + 1).replace(/^ +/, '');
    } else {
      const at = separatorBreak(rest, end) || end;
      out.push(rest.slice(0, at));
      rest = rest.slice(at);
    }
    width = next;
  }
  // A line that ended in spaces leaves nothing after its last break.
  if (rest !== '' || out.length === 0) out.push(rest);
  return out;
}

/** A cell's text (lines separated by newlines) as lines no wider than `width`. */
export function foldCell(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => foldLine(line, width));
}

/**
 * A line of prose: folded to `width`, its continuation lines indented two
 * more than the line itself, so that they read as one paragraph.
 */
export function foldProse(line: string, width: number): string[] {
  const indent = line.length - line.trimStart().length;
  if (displayWidth(line) <= width) return [line];
  // A deep indent on a narrow terminal leaves room for too little text.
  const hang = indent + 2 <= width / 2 ? indent + 2 : 0;
  const lead = indent <= width / 2 ? indent : 0;
  const folded = foldLine(line.slice(indent), width - lead, width - hang);
  return folded.map((l, i) => `${' '.repeat(i === 0 ? lead : hang)}${l}`);
}
