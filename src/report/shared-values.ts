const NONE: string[] = Object.freeze([]) as unknown as string[];

/**
 * One copy of each list the report writes per pair. The dense bench input's
 * 40,000 pairs list a few hosts, components, reasons and sources: as arrays
 * of their own per pair, they were over half of the report's 30 MiB (times
 * are not shared: first and last are mostly distinct to the millisecond).
 * Lists are frozen, as they are shared: changing one would change them all.
 */
export class SharedValues {
  private readonly lists = new Map<string, string[]>();
  /** Lists given to `sorted` before (a snapshot shares its lists), and their answer. */
  private readonly sortedOf = new Map<readonly string[], string[]>();

  /**
   * `values` in code unit order, as `list` shares it. The same array given
   * again (a snapshot's lists are shared between its groups) is sorted once.
   */
  sorted(values: readonly string[]): string[] {
    if (values.length === 0) return NONE;
    let found = this.sortedOf.get(values);
    if (found === undefined) {
      found = this.list(values.length === 1 ? (values as string[]) : values.slice().sort());
      this.sortedOf.set(values, found);
    }
    return found;
  }

  /** `values`, or the equal list given before. */
  list(values: string[]): string[] {
    if (values.length === 0) return NONE;
    // Values come from logs and may hold the separator: a found list is compared.
    const key = values.length === 1 ? values[0]! : values.join('\u0000');
    const found = this.lists.get(key);
    if (found === undefined) {
      const own = Object.freeze(values.slice()) as string[];
      this.lists.set(key, own);
      return own;
    }
    return same(found, values) ? found : values;
  }
}

function same(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
