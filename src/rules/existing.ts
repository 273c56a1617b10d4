import { basename } from 'node:path';
import * as z from 'zod';
import { covers, type Pair } from './coverage.js';
import { Action, permissionIdProblem, problemOf, uidProblem } from './grammar.js';

/**
 * What accounts already hold, read from `--existing` files in one of two
 * shapes:
 * - the IAM API's `GET /acs/api/v1/users/<uid>/permissions` answer, whose
 *   `direct` and `groups` permissions name no uid (it comes from
 *   `<uid>=<file>` or the file name);
 * - `<uid> <rid> <action>` lines (blank lines and `#` comments ignored).
 */

export interface ExistingGrant {
  uid: string;
  rid: string;
  action: Action;
  /** `direct`, `group <gid>` (IAM answers) or `listed` (lines). */
  via: string;
  /** The file it was read from, with the line for the lines shape. */
  source: string;
}

export interface ExistingFile {
  source: string;
  shape: 'iam' | 'lines';
  /** The account of an IAM answer; null for the lines shape. */
  uid: string | null;
  grants: ExistingGrant[];
  /** Entries not read (an action or id outside the grammar), with why. */
  skipped: string[];
  /** What an IAM answer says of dcos:superuser; null for the lines shape, whose grants say it. */
  superuser: SuperuserHeld | null;
}

export const SUPERUSER = 'dcos:superuser';

/**
 * How an IAM answer says its account holds dcos:superuser. Any action on it
 * grants everything, not only `full`, not only directly; so does an action
 * outside the grammar (`unnamed`), which no grant or revoke can name.
 */
export interface SuperuserHeld {
  /** Each action held directly. */
  direct: Action[];
  /** Each group that gives it. */
  groups: string[];
  /** Each action on it outside the grammar (its first 20 characters), direct or through a group. */
  unnamed: string[];
}

/** Whether the answer says the account holds dcos:superuser at all. */
function holds(s: SuperuserHeld): boolean {
  return s.direct.length > 0 || s.groups.length > 0 || s.unnamed.length > 0;
}

export class ExistingError extends Error {}

/** The IAM answer's schema, built when an --existing file is first read: a run without one never does. */
function iamPermissionsSchema() {
  const actions = z.array(z.object({ name: z.string(), url: z.string().optional() }));
  return z.object({
    // Both lists, as IAM always answers them: an error answer saved in their
    // place ({"code": "ERROR_TOKEN_EXPIRED", ...}) would read as holding nothing.
    direct: z.array(z.object({ rid: z.string(), actions })),
    groups: z.array(
      z.object({
        rid: z.string(),
        gid: z.string(),
        membershipurl: z.string().optional(),
        actions,
      }),
    ),
  });
}
let iamPermissions: ReturnType<typeof iamPermissionsSchema> | undefined;

/**
 * `--existing` argument: `<uid>=<file>` or `<file>`. A file that exists under
 * the whole name wins over the split, so file names holding `=` still work.
 */
export function splitExistingArg(
  value: string,
  exists: (path: string) => boolean,
): { uid: string | null; path: string } {
  const eq = value.indexOf('=');
  if (eq > 0 && !exists(value) && !uidProblem(value.slice(0, eq)))
    return { uid: value.slice(0, eq), path: value.slice(eq + 1) };
  return { uid: null, path: value };
}

/** The uid an IAM answer file is named after: `kafka-principal.json` -> `kafka-principal`. */
export function uidFromFileName(path: string): string | undefined {
  const name = basename(path).replace(/\.json$/i, '');
  return uidProblem(name) ? undefined : name;
}

export function parseExisting(text: string, source: string, uid: string | null): ExistingFile {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('{')) return parseIam(body, source, uid);
  // What a failed `curl ... > <uid>.json` leaves: not an account that holds nothing.
  if (body.trim() === '')
    throw new ExistingError(
      `${source}: empty, as a failed fetch leaves it: an account that holds nothing answers {"direct":[],"groups":[]}, and lines name each grant`,
    );
  // Lines name their accounts themselves: <uid>= is for an IAM answer.
  if (uid !== null)
    throw new ExistingError(
      `${source}: not an IAM permissions answer (JSON), which ${uid}= names the account of: fetch it again, or give "<uid> <rid> <action>" lines without ${uid}=`,
    );
  return parseLines(body, source);
}

function parseIam(text: string, source: string, given: string | null): ExistingFile {
  const uid = given ?? uidFromFileName(source);
  if (!uid) {
    throw new ExistingError(
      `${source}: an IAM permissions answer names no account: give it as --existing <uid>=${source}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ExistingError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  // One parse per file: { jitless: true } skips compiling zod's fast path (see families.ts).
  iamPermissions ??= iamPermissionsSchema();
  const parsed = iamPermissions.safeParse(json, { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExistingError(
      `${source}: not a GET /acs/api/v1/users/<uid>/permissions answer (${issue?.path.join('.')}: ${issue?.message}): fetch it again; an error answer (an expired token's) is not one`,
    );
  }
  const other = otherAccount(parsed.data, uid);
  if (other !== undefined) {
    throw new ExistingError(
      `${source}: this answer is of the account ${JSON.stringify(other.slice(0, 96))}, not ${uid}: fetch GET /acs/api/v1/users/${uid}/permissions`,
    );
  }
  const superuser: SuperuserHeld = { direct: [], groups: [], unnamed: [] };
  const file: ExistingFile = { source, shape: 'iam', uid, grants: [], skipped: [], superuser };
  const add = (rid: string, actions: { name: string }[], gid?: string) => {
    const via = gid === undefined ? 'direct' : `group ${gid}`;
    for (const { name } of actions) {
      const problem = permissionIdProblem(rid) ?? problemOf(Action, name);
      if (rid === SUPERUSER) {
        // An action outside the grammar on dcos:superuser still grants
        // everything: the answer says the account holds it, and --existing
        // reports it so (skipping it would report an account off superuser
        // that IAM says is on it). Nothing else of the report needs the
        // action named; the read-back before a revoke does, and refuses
        // such an answer (held.ts).
        if (problem) once(superuser.unnamed, name.slice(0, 20));
        else if (gid === undefined) once(superuser.direct, name as Action);
        else once(superuser.groups, gid);
      }
      if (problem) {
        file.skipped.push(`${via} ${rid.slice(0, 100)} ${name.slice(0, 20)}: ${problem}`);
        continue;
      }
      file.grants.push({ uid, rid, action: name as Action, via, source });
    }
  };
  for (const p of parsed.data.direct) add(p.rid, p.actions);
  for (const p of parsed.data.groups) add(p.rid, p.actions, p.gid.slice(0, 96));
  return file;
}

function once<T>(list: T[], item: T): void {
  if (!list.includes(item)) list.push(item);
}

function parseLines(text: string, source: string): ExistingFile {
  const file: ExistingFile = {
    source,
    shape: 'lines',
    uid: null,
    grants: [],
    skipped: [],
    superuser: null,
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    const where = `${source}:${i + 1}`;
    if (fields.length !== 3) {
      throw new ExistingError(
        `${where}: expected "<uid> <rid> <action>" or an IAM permissions JSON answer`,
      );
    }
    const [uid, rid, action] = fields as [string, string, string];
    const problem = uidProblem(uid) ?? permissionIdProblem(rid) ?? problemOf(Action, action);
    if (problem) throw new ExistingError(`${where}: ${problem}`);
    file.grants.push({ uid, rid, action: action as Action, via: 'listed', source: where });
  });
  return file;
}

/** Existing grants per account, for coverage look-ups. */
export class ExistingGrants {
  private readonly byUid = new Map<string, ExistingGrant[]>();
  private readonly superusers = new Set<string>();

  constructor(files: readonly ExistingFile[]) {
    for (const file of files) {
      if (file.uid !== null && !this.byUid.has(file.uid)) this.byUid.set(file.uid, []);
      // An IAM answer says it in one place, its entries outside the grammar
      // included; a line says it with a grant.
      if (file.superuser) {
        if (file.uid !== null && holds(file.superuser)) this.superusers.add(file.uid);
      } else for (const g of file.grants) if (g.rid === SUPERUSER) this.superusers.add(g.uid);
      for (const g of file.grants) {
        let list = this.byUid.get(g.uid);
        if (!list) {
          list = [];
          this.byUid.set(g.uid, list);
        }
        list.push(g);
      }
    }
  }

  /** Whether any file told what this account holds. */
  known(uid: string): boolean {
    return this.byUid.has(uid);
  }

  of(uid: string): readonly ExistingGrant[] {
    return this.byUid.get(uid) ?? [];
  }

  holdsSuperuser(uid: string): boolean {
    return this.superusers.has(uid);
  }

  /**
   * The grant that already covers the pair, if any: same id and action,
   * `full`, or a shorter id above it. `dcos:superuser` is not counted: it is
   * what the migration takes away, so what it covers still needs a grant.
   */
  covering(uid: string, wanted: Pair): ExistingGrant | undefined {
    return this.of(uid).find((g) => g.rid !== SUPERUSER && covers(g, wanted));
  }
}

/**
 * The account other than `uid` that an answer names, if any: in its direct
 * grants' URLs (`/acls/<rid>/users/<uid>/<action>`) or its groups'
 * memberships (`/groups/<gid>/users/<uid>`). The answer of another account
 * would say what that one holds.
 */
function otherAccount(
  answer: {
    direct: readonly { actions: readonly { url?: string | undefined }[] }[];
    groups: readonly { membershipurl?: string | undefined }[];
  },
  uid: string,
): string | undefined {
  // `.../users/<uid>/<action>` at the end of a grant's URL (a rid in it may
  // hold `/users/` itself), `.../users/<uid>` at the end of a membership's.
  const named = [
    ...answer.direct.flatMap((p) =>
      p.actions.map(({ url }) => url && /\/users\/([^/]+)\/[^/]+$/.exec(url)?.[1]),
    ),
    ...answer.groups.map(({ membershipurl: url }) => url && /\/users\/([^/]+)$/.exec(url)?.[1]),
  ];
  for (const name of named) {
    if (!name) continue;
    let who: string;
    try {
      who = decodeURIComponent(name);
    } catch {
      who = name;
    }
    if (who !== uid) return who;
  }
  return undefined;
}
