import * as z from 'zod';

/**
 * The conservative grammar every value must pass before anything is generated
 * from it. Log content is attacker-influenced: these schemas are the gate
 * between what a line claims and what a grant command may contain.
 */

const UID = /^[A-Za-z0-9@._\\-]{1,96}$/;

/** IAM account ids: letters, digits, `@ . _ - \`, at most 96 characters. */
export const Uid = z
  .string()
  .regex(UID, 'account id outside the IAM charset [A-Za-z0-9@._\\-]{1,96}')
  .brand<'Uid'>();
export type Uid = z.infer<typeof Uid>;

/**
 * A segment character set that covers every documented permission id (paths
 * with `/`, hierarchical roles, the literal role `*`, secrets globs) and no
 * shell syntax. Brackets only as `(N)`, the form of Mesos' process ids
 * (`/slave(1)/state`), in any segment.
 */
const SEGMENT = String.raw`(?:[A-Za-z0-9._@/*+-]|\(\d{1,6}\))+`;
const RID = new RegExp(`^dcos(?::${SEGMENT})+$`);
const RID_MAX = 512;

export const PermissionId = z
  .string()
  .max(RID_MAX, `permission id longer than ${RID_MAX} characters`)
  .regex(RID, 'permission id outside the grammar dcos(:[A-Za-z0-9._@/*+-]+)+')
  .brand<'PermissionId'>();
export type PermissionId = z.infer<typeof PermissionId>;

export const GRANT_ACTIONS = ['create', 'read', 'update', 'delete', 'full'] as const;
export const Action = z.enum(GRANT_ACTIONS);
export type Action = z.infer<typeof Action>;

/** Group ids follow the account charset. */
export const Gid = Uid;

/** Returns the first problem of a value against its schema, or undefined. */
export function problemOf(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : (result.error.issues[0]?.message ?? 'invalid');
}

/**
 * `problemOf(Uid, uid)` and `problemOf(PermissionId, rid)` for strings, where
 * the common valid value is told by the schema's own test without zod's
 * parse (a report checks tens of thousands of distinct ids); zod still words
 * every problem.
 */
export function uidProblem(uid: string): string | undefined {
  return UID.test(uid) ? undefined : problemOf(Uid, uid);
}

export function permissionIdProblem(rid: string): string | undefined {
  return rid.length <= RID_MAX && RID.test(rid) ? undefined : problemOf(PermissionId, rid);
}

/** Why an action cannot be granted as written, if it cannot. */
export function actionProblem(action: string): string | undefined {
  return problemOf(Action, action) && `action is not one of ${Action.options.join(', ')}`;
}
