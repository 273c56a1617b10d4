import {
  type ExistingFile,
  ExistingGrants,
  parseExisting,
  SUPERUSER,
  type SuperuserHeld,
} from './existing.js';
import { GRANT_ACTIONS } from './grammar.js';

/**
 * Whether an account holds the grants it needs, from what IAM says it holds
 * (`GET /acs/api/v1/users/<uid>/permissions`): the check made before
 * `dcos:superuser` is taken away. A grant is held when a direct grant or a
 * grant of one of its groups covers it (same id and action, `full`, or a
 * shorter id at `:` boundaries), as `--existing` computes; `dcos:superuser`
 * covers nothing here, since the account still holds it when it is checked.
 */

export interface WantedGrant {
  uid: string;
  rid: string;
  action: string;
}

export interface HeldCheck {
  /** Each wanted grant that is held, with the grant that covers it (`rid action (via)`). */
  held: { grant: WantedGrant; by: string }[];
  missing: WantedGrant[];
}

export class HeldError extends Error {}

/** An IAM answer read back: what it says of dcos:superuser is always known. */
export type HeldAnswer = ExistingFile & { superuser: SuperuserHeld };

/**
 * Reads an IAM permissions answer strictly: a JSON object with both its
 * `direct` and `groups` lists, as `--existing` does, so that an answer of
 * another shape (an error page, a proxy's answer, another endpoint's) is
 * never read as what the account holds.
 */
export function readHeld(text: string, source: string, uid: string): HeldAnswer {
  const body = text.replace(/^\uFEFF/, '');
  const what = 'not a GET /acs/api/v1/users/<uid>/permissions answer';
  if (body.trim() === '') throw new HeldError(`${source}: empty: ${what}`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new HeldError(`${source}: not JSON: ${what}`);
  }
  const o = json as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || !Array.isArray(o.direct) || !Array.isArray(o.groups))
    throw new HeldError(`${source}: ${what} (it needs the lists direct and groups)`);
  let file: ExistingFile;
  try {
    file = parseExisting(body, source, uid);
  } catch (err) {
    throw new HeldError((err as Error).message);
  }
  // A JSON object is read as an IAM answer, which always says this.
  const superuser = file.superuser;
  if (superuser === null) throw new HeldError(`${source}: ${what}`);
  // The plan revokes dcos:superuser action by action and can name none
  // outside the grammar: such an answer is not acted on.
  const unnamed = superuser.unnamed[0];
  if (unnamed !== undefined)
    throw new HeldError(
      `${source}: ${SUPERUSER} with the action ${JSON.stringify(unnamed)}, not one of ${GRANT_ACTIONS.join(', ')}: ${what}`,
    );
  return { ...file, superuser };
}

/** Sorts the wanted grants into held (with what covers each) and missing, in their order. */
export function checkHeld(
  wanted: readonly WantedGrant[],
  files: readonly ExistingFile[],
): HeldCheck {
  const grants = new ExistingGrants(files);
  const out: HeldCheck = { held: [], missing: [] };
  for (const grant of wanted) {
    const cover = grants.covering(grant.uid, grant);
    if (cover) out.held.push({ grant, by: `${cover.rid} ${cover.action} (${cover.via})` });
    else out.missing.push(grant);
  }
  return out;
}
