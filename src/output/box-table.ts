/**
 * A table drawn exactly as cli-table3 draws one with its default borders,
 * padding one space each side and no colours, for text that is printable
 * ASCII and line breaks, where every character is one column wide.
 *
 * cli-table3 measures every cell several times with string-width, which
 * builds a new regular expression on each call: a report of 40,000 groups
 * took half a minute to draw. This measures each line once. Other text
 * (wide characters, combining marks) is left to cli-table3.
 */

const ASCII = /^[\x20-\x7e\n]*$/;

/**
 * The table's lines, or undefined when a cell holds anything but printable
 * ASCII and line breaks, or a row is not as wide as the heading.
 */
export function boxTableLines(
  head: readonly string[],
  rows: readonly (string | number)[][],
): string[] | undefined {
  const texts = [head, ...rows].map((row) => row.map(String));
  if (texts.some((row) => row.length !== head.length || !row.every((c) => ASCII.test(c))))
    return undefined;
  const cells = texts.map((row) => row.map((c) => c.split('\n')));
  const widths = head.map(() => 0);
  for (const row of cells) {
    row.forEach((lines, x) => {
      for (const line of lines) if (line.length > widths[x]!) widths[x] = line.length;
    });
  }

  const border = (left: string, middle: string, right: string) =>
    `${left}${widths.map((w) => '─'.repeat(w + 2)).join(middle)}${right}`;
  const between = border('├', '┼', '┤');
  const out = [border('┌', '┬', '┐')];
  cells.forEach((row, y) => {
    if (y > 0) out.push(between);
    const height = row.reduce((n, lines) => Math.max(n, lines.length), 0);
    for (let i = 0; i < height; i++) {
      const line = row.map((lines, x) => ` ${(lines[i] ?? '').padEnd(widths[x]!)} `);
      out.push(`│${line.join('│')}│`);
    }
  });
  out.push(border('└', '┴', '┘'));
  return out;
}
