import { isListedAction } from '../rules/data/listed-actions.js';
import type { Account, Warning } from './schema.js';

/**
 * Denied pairs whose action the permissions reference does not list for
 * their id: granted as seen, as the reference asks (it warns of such a pair
 * and does not reject it), and said once for the report.
 */
export function unlistedPairWarnings(accounts: readonly Account[]): Warning[] {
  const unlisted: string[] = [];
  // Never granted, or held already: nothing is written of it.
  for (const account of accounts)
    for (const d of account.denied)
      if (
        d.grant !== 'never' &&
        d.alreadyGranted === null &&
        isListedAction(d.rid, d.action) === false
      )
        unlisted.push(`${d.rid} ${d.action}`);
  if (unlisted.length === 0) return [];
  const shown = unlisted.slice(0, 3).join(', ');
  const more = unlisted.length > 3 ? `, and ${unlisted.length - 3} more` : '';
  return [
    {
      code: 'unlisted-action',
      message: `${unlisted.length === 1 ? '1 denied permission names' : `${unlisted.length} denied permissions name`} an action the permissions reference does not list for its id (${shown}${more}): granted as seen; check that the service needs it`,
      count: unlisted.length,
    },
  ];
}
