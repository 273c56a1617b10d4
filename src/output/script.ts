import type { GrantPlan } from '../report/grant-plan.js';
import type { Report } from '../report/schema.js';
import { dcosPrologue, summary } from './bash-fragments.js';
import { grantFunction } from './dcos-scripts.js';
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
import { plural } from './text.js';

/**
 * `script`: a bash script that makes the grants of the plan with
 * `dcos security org users grant` (or, with --group, `groups grant`, every
 * grant to the group). Safe to run twice: a grant the CLI answers is already
 * there is reported as present. Any other failure is reported with the CLI's
 * answer and does not stop the others; the script exits 1 if any failed.
 */
export function renderScript(
  report: Report,
  plan: GrantPlan,
  recipient: Recipient = { kind: 'users' },
): string {
  return [...renderScriptPieces(report, plan, recipient)].join('');
}

/** `renderScript` in pieces, to be written as they come (rendered.ts says why). */
export function* renderScriptPieces(
  report: Report,
  plan: GrantPlan,
  recipient: Recipient = { kind: 'users' },
): Generator<string> {
  const items = scriptPlan(plan, recipient, 'dcos-cli');
  const body = itemLines(report, items, {
    command: (item) => [`grant ${grantWords(item)}`],
    membership: commentedAddUser,
  });
  const header = [
    ...provenance(report),
    '#',
    `# Grants ${plural(items.active, 'permission')} with \`dcos security org ${recipient.kind} grant\`.`,
    ...groupIntro(recipient, 'commented'),
    '# Review every line before running it. Needs the DC/OS Enterprise CLI, logged in.',
    '# Safe to run twice: a grant that the CLI answers already exists is reported as',
    '# present. Any other failure is reported with the answer, does not stop the',
    '# others, and makes the script exit 1.',
  ];
  yield `${dcosPrologue(header)}\n\n${grantFunction(recipient)}\n`;
  yield* inPieces(body);
  yield `\n${summary('grant(s)', 'all grants in place', items.leftOut)}\n`;
}
