import * as z from 'zod';

/**
 * The conservative grammar every value must pass before anything is generated
 * from it. Log content is attacker-influenced: these schemas are the gate
 * between what a line claims and what a grant command may contain.
 */

/** IAM account ids: letters, digits, `@ . _ - \`, at most 96 characters. */
export const Uid = z
  .string()
  .regex(/^[A-Za-z0-9@._\\-]{1,96}$/, 'account id outside the IAM charset [A-Za-z0-9@._\\-]{1,96}')
  .brand<'Uid'>();
export type Uid = z.infer<typeof Uid>;

/**
 * A segment character set that covers every documented permission id (paths
 * with `/`, hierarchical roles, the literal role `*`, secrets globs) and no
 * shell syntax. `(N)` is allowed only as Mesos' process id (`/slave(1)/state`).
 */
const SEGMENT = String.raw`(?:[A-Za-z0-9._@/*+-]|\(\d{1,6}\))+`;
const RID = new RegExp(`^dcos(?::${SEGMENT})+$`);

export const PermissionId = z
  .string()
  .max(512, 'permission id longer than 512 characters')
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

/** Why an action cannot be granted as written, if it cannot. */
export function actionProblem(action: string): string | undefined {
  return problemOf(Action, action) && `action is not one of ${Action.options.join(', ')}`;
}
