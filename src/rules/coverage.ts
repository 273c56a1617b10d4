/**
 * When one grant covers another. IAM grants on a shorter id cover every id
 * below it at `:` boundaries (`dcos:mesos:master:framework:role` covers every
 * role, not `dcos:mesos:master:framework:roles`), and `full` covers every
 * action.
 */

export interface Pair {
  rid: string;
  action: string;
}

/** `granted` is `wanted` or an ancestor of it at a `:` boundary. */
export function ridCovers(granted: string, wanted: string): boolean {
  if (wanted === granted) return true;
  return (
    wanted.length > granted.length &&
    wanted.charCodeAt(granted.length) === 0x3a /* : */ &&
    wanted.startsWith(granted)
  );
}

export function actionCovers(granted: string, wanted: string): boolean {
  return granted === wanted || granted === 'full';
}

export function covers(granted: Pair, wanted: Pair): boolean {
  return actionCovers(granted.action, wanted.action) && ridCovers(granted.rid, wanted.rid);
}

/**
 * Template rows: as `covers`, and a row written with the docs' trailing `*`
 * (secrets paths) also explains every id that starts with what precedes it.
 * Only for template matching: an existing grant is never read as a glob.
 */
export function rowCovers(row: Pair & { glob: boolean }, wanted: Pair): boolean {
  if (covers(row, wanted)) return true;
  if (!row.glob || !actionCovers(row.action, wanted.action)) return false;
  const stem = row.rid.slice(0, -1);
  return wanted.rid.length > stem.length && wanted.rid.startsWith(stem);
}

/** A template row is seen when an observed pair falls under it, or covers it. */
export function rowSeen(row: Pair & { glob: boolean }, pairs: readonly Pair[]): boolean {
  return pairs.some((p) => rowCovers(row, p) || covers(p, row));
}
