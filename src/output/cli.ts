import type { GrantPlan } from '../report/grant-plan.js';
import type { Report } from '../report/schema.js';
import {
  commentedAddUser,
  grantWords,
  groupIntro,
  itemLines,
  type Recipient,
  scriptPlan,
} from './grant-items.js';
import { provenance } from './header.js';
import { inPieces } from './rendered.js';

/**
 * `cli`: one `dcos security org users grant` (or `groups grant`, with
 * --group) per grant, values shell-quoted, under a header per account; the
 * grants that are not made, and the group memberships, as comments.
 */
export function renderCli(
  report: Report,
  plan: GrantPlan,
  recipient: Recipient = { kind: 'users' },
): string {
  return [...renderCliPieces(report, plan, recipient)].join('');
}

/** `renderCli` in pieces, to be written as they come: the commands of many accounts are megabytes. */
export function renderCliPieces(
  report: Report,
  plan: GrantPlan,
  recipient: Recipient = { kind: 'users' },
): Iterable<string> {
  const items = scriptPlan(plan, recipient, 'dcos-cli');
  const lines = [
    ...provenance(report),
    '# Review before running. Risky grants are commented out unless --allow-risky.',
    ...groupIntro(recipient, 'commented'),
    ...itemLines(report, items, {
      command: (item) => [`dcos security org ${recipient.kind} grant ${grantWords(item)}`],
      membership: commentedAddUser,
    }),
  ];
  return inPieces(lines);
}
