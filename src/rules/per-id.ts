/** Answers kept at most: a long follow of ever new ids keeps no more than this. */
const KEPT = 50_000;

/**
 * `answer`, a pure function of a permission id, with its answers kept: the
 * rules are asked of every pair of a report, and pairs name few ids (the
 * many-distinct bench input: 25,000 pairs, 125 ids), each of which costs a
 * scan of patterns.
 */
export function perId<T>(answer: (rid: string) => T): (rid: string) => T {
  const answers = new Map<string, T>();
  return (rid) => {
    let found = answers.get(rid);
    if (found === undefined && !answers.has(rid)) {
      found = answer(rid);
      if (answers.size >= KEPT) answers.clear();
      answers.set(rid, found);
    }
    return found as T;
  };
}
