/**
 * A map of groups that stops taking new keys at `cap`: records of a group
 * it refused are counted (`refused`), so the report can say the section is
 * incomplete. Against hostile input, for sections fed by records without a
 * valid account.
 */
export class CappedGroups<V> {
  readonly groups = new Map<string, V>();
  /** Records whose group was refused. */
  refused = 0;

  constructor(private readonly cap: number) {}

  /** The group of `key`, made by `create` if there is room; undefined (and counted) if not. */
  get(key: string, create: () => V): V | undefined {
    let v = this.groups.get(key);
    if (v === undefined) {
      if (this.groups.size >= this.cap) {
        this.refused++;
        return undefined;
      }
      v = create();
      this.groups.set(key, v);
    }
    return v;
  }

  /** As snapshot data, each group made plain by `plain`. */
  section<P>(plain: (group: V) => P): { groups: P[]; refused: number } {
    return { groups: Array.from(this.groups.values(), plain), refused: this.refused };
  }
}
