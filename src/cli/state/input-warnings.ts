import type { InputStatus } from '../../report/build-report.js';
import type { Warning } from '../../report/schema.js';
import type { Input } from '../../sources/input.js';

/**
 * What the report says of JSON journals read with --state: entries left out
 * because a run before counted them, and a stream that gave no cursor (a
 * text journal: a next run cannot tell what it already counted).
 */
export function inputWarnings(
  inputs: readonly Input[],
  statuses: readonly InputStatus[],
): Warning[] {
  const out: Warning[] = [];
  inputs.forEach((input, i) => {
    const cursors = input.cursors;
    if (!cursors) return;
    if (cursors.skipped > 0)
      out.push({
        code: 'already-counted',
        message: `${input.source}: ${cursors.skipped} journal entries were left out: a run before counted them (their cursor is at or before the one the state holds for their host)`,
        count: cursors.skipped,
      });
    // Every entry left out as counted had its cursor: no line lacked one.
    if (cursors.latest === undefined && cursors.skipped === 0 && (statuses[i]?.lines ?? 0) > 0)
      out.push({
        code: 'no-cursor',
        message: `${input.source}: no journal cursor in what was read (not journalctl -o json): a next run counts again whatever is piped in again; pipe journalctl -o json to resume with --after-cursor`,
        count: null,
      });
  });
  return out;
}
