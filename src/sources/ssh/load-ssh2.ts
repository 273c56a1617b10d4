import { createRequire } from 'node:module';

type Ssh2 = typeof import('ssh2');

let loaded: Ssh2 | undefined;

/**
 * ssh2, loaded on first use: it takes longer to load than the rest of the
 * program, and runs without --ssh never need it. An `import` would not do:
 * the bundle (scripts/bundle.mjs) hoists imports of packages it leaves out to
 * its top, where they load on every run.
 */
export function ssh2(): Ssh2 {
  loaded ??= createRequire(import.meta.url)('ssh2') as Ssh2;
  return loaded;
}
