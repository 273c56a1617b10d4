import type { GrantPlan, PlannedGrant } from '../report/grant-plan.js';
import type { Report } from '../report/schema.js';
import { actionProblem, Gid, PermissionId, problemOf, Uid } from '../rules/grammar.js';
import { LONE_SURROGATE } from '../text/characters.js';
import { commentText, shellWord } from '../text/shell-quote.js';
import { plural, sumCounts } from './text.js';

/**
 * The grant plan as the items of a script: who receives each grant (the
 * account itself, or one group), and whether it is written as a command, as
 * a commented command, or left out. Shared by every script format and the
 * `cli` listing, so they agree item for item (the revoke scripts undo exactly
 * what the grant scripts do).
 */

/** Who receives the grants: each account itself, or one group its accounts are members of. */
export type Recipient = { kind: 'users' } | { kind: 'groups'; gid: string };

export type ItemState =
  /** Written as a command; `risky` says why, when --allow-risky made a risky grant active. */
  | { kind: 'active'; risky: string | null }
  /** Written as a commented-out command, with the reason: risky, or never granted. */
  | { kind: 'commented'; note: string }
  /** The same grant to the same recipient is already written above. */
  | { kind: 'duplicate'; firstFor: string }
  /** A value fails the grammar: no command is written at all, only the reason. */
  | { kind: 'left-out'; reason: string };

export interface Item {
  grant: PlannedGrant;
  /** The uid, or the gid when grants go to a group: the value the command names. */
  subject: string;
  state: ItemState;
}

export interface AccountItems {
  uid: string;
  note: string | null;
  /** Why the account id itself cannot be written (then none of its items is). */
  uidProblem: string | undefined;
  /** Holds dcos:superuser per --existing. */
  superuser: boolean;
  items: Item[];
}

export interface ScriptPlan {
  recipient: Recipient;
  /** Why the group id cannot be written (then no item is). */
  gidProblem: string | undefined;
  accounts: AccountItems[];
  /** Items written as commands. */
  active: number;
  /** Items left out for a value outside the grammar (or one the dcos CLI would misread). */
  leftOut: number;
}

/**
 * How the commands reach IAM: as arguments of the DC/OS Enterprise CLI
 * (`dcos security org ...`), or as the paths of IAM API calls (curl).
 */
export type Channel = 'dcos-cli' | 'iam-api';

/**
 * An account or group id the dcos CLI would take for an option: the IAM
 * charset allows a leading `-`, and in `grant --help RID ACTION` the CLI
 * sees its help option, not an account (a CLI that printed its help and
 * exited 0 would be reported as granted); another id could change what the
 * command does. IAM API paths carry such an id safely.
 */
function optionLike(id: string): string | undefined {
  return id.startsWith('-')
    ? `starts with "-", which the dcos CLI would read as an option: grant it through the IAM API (--format curl)`
    : undefined;
}

/** A description may hold any text a shell word and a JSON string carry byte for byte. */
function descriptionProblem(description: string): string | undefined {
  if (description.includes('\0')) return 'description holds a NUL byte';
  if (LONE_SURROGATE.test(description)) return 'description is not valid Unicode';
  return undefined;
}

/**
 * Sorts the plan's grants into items. The plan comes from validated report
 * values; every value is checked again here all the same, as the last gate
 * before a value reaches a shell word, a URL or a JSON body: a grant with a
 * value outside the grammar is left out with the reason, never written.
 */
export function scriptPlan(plan: GrantPlan, recipient: Recipient, channel: Channel): ScriptPlan {
  const idProblem = (schema: typeof Uid, id: string) =>
    problemOf(schema, id) ?? (channel === 'dcos-cli' ? optionLike(id) : undefined);
  const gidProblem = recipient.kind === 'groups' ? idProblem(Gid, recipient.gid) : undefined;
  const first = new Map<string, string>();
  let active = 0;
  // Counted as grants, not rows: for a group, two accounts' rows are one grant.
  const leftOut = new Set<string>();
  const accounts = plan.accounts.map((account) => {
    const uidProblem = idProblem(Uid, account.uid);
    const items = account.grants.map((grant): Item => {
      const subject = recipient.kind === 'groups' ? recipient.gid : grant.uid;
      const reason =
        gidProblem ??
        uidProblem ??
        idProblem(Uid, grant.uid) ??
        problemOf(PermissionId, grant.rid) ??
        actionProblem(grant.action) ??
        descriptionProblem(grant.description);
      const key = `${subject}\0${grant.rid}\0${grant.action}`;
      if (reason) {
        leftOut.add(key);
        return { grant, subject, state: { kind: 'left-out', reason } };
      }
      if (!grant.active)
        return { grant, subject, state: { kind: 'commented', note: grant.note ?? 'skipped' } };
      const firstFor = first.get(key);
      if (firstFor !== undefined) return { grant, subject, state: { kind: 'duplicate', firstFor } };
      first.set(key, grant.uid);
      active++;
      return { grant, subject, state: { kind: 'active', risky: grant.note } };
    });
    return {
      uid: account.uid,
      note: account.note,
      uidProblem,
      superuser: account.superuser === true,
      items,
    };
  });
  return { recipient, gidProblem, accounts, active, leftOut: leftOut.size };
}

/** How a format writes an item and, for a group, an account's membership. */
export interface ItemStyle {
  /** The command for an item, as script lines (a long command may continue over several). */
  command(item: Item): string[];
  /** The lines written under an account's header when grants go to a group. */
  membership(gid: string, uid: string): string[];
  /** A rollback: no advice to revoke dcos:superuser. */
  revokes?: boolean;
}

/** The arguments of `dcos security org users|groups grant` for an item, as shell words. */
export function grantWords(item: Item): string {
  const g = item.grant;
  return [item.subject, g.rid, g.action, '--description', g.description].map(shellWord).join(' ');
}

/** The membership line of the dcos CLI formats: commented, adding the accounts is left to the user. */
export function commentedAddUser(gid: string, uid: string): string[] {
  return [`# dcos security org groups add_user ${shellWord(gid)} ${shellWord(uid)}`];
}

/** What output lines call the recipient: the uid, or `group:<gid>` (no uid holds a `:`). */
export function label(recipient: Recipient, subject: string): string {
  return recipient.kind === 'groups' ? `group:${subject}` : subject;
}

/**
 * The body of a script: per account a header, its membership (groups), then
 * each item as a command or as comments that say why not; then one comment
 * per kind of denial that is never granted. Every comment stays one line.
 */
export function itemLines(report: Report, plan: ScriptPlan, style: ItemStyle): string[] {
  const out: string[] = [];
  const comment = (text: string) => out.push(commentText(`# ${text}`));
  const observed = report.analysis.evidence === 'denied' ? 'denied' : 'observed';
  if (plan.gidProblem) comment(`left out, every grant: group id: ${plan.gidProblem}`);
  for (const account of plan.accounts) {
    out.push('');
    if (account.uidProblem) {
      // Named as JSON writes it, shortened: the id is what failed the grammar.
      const name = JSON.stringify(account.uid.slice(0, 96));
      comment(`left out, every grant of the account ${name}: account id: ${account.uidProblem}`);
      continue;
    }
    // The header the cli and script formats write: observed (or denied) and predicted counts.
    const predicted = account.items.filter((i) => i.grant.predicted).length;
    const more = predicted > 0 ? `, ${predicted} predicted by templates` : '';
    const n = account.items.length - predicted;
    comment(`${account.uid}: ${plural(n, `${observed} permission`)}${more}`);
    if (account.note) comment(account.note);
    if (account.superuser && !style.revokes)
      comment('holds dcos:superuser: revoke it once these grants are in place');
    if (plan.recipient.kind === 'groups' && !plan.gidProblem)
      out.push(...style.membership(plan.recipient.gid, account.uid));
    for (const item of account.items) {
      const s = item.state;
      const g = item.grant;
      if (s.kind !== 'left-out') {
        if (g.explain) out.push('', ...g.explain.map((text) => commentText(`#   ${text}`)));
        if (s.kind === 'commented' && g.alreadyGranted) {
          comment(`already granted by ${g.alreadyGranted}: not granted again`);
          for (const line of style.command(item)) comment(line);
          continue;
        }
        if (g.predicted)
          comment(
            `predicted by template ${g.predicted.template} row ${g.predicted.row}, not yet seen in the logs`,
          );
      }
      switch (s.kind) {
        case 'active':
          if (s.risky) comment(`risky, emitted by --allow-risky: ${s.risky}`);
          out.push(...style.command(item));
          break;
        case 'commented':
          comment(`not granted: ${s.note}`);
          for (const line of style.command(item)) comment(line);
          break;
        case 'duplicate':
          comment(
            `${item.grant.rid} ${item.grant.action}: written above for ${s.firstFor}, once is enough`,
          );
          break;
        case 'left-out':
          comment(`left out: ${s.reason}`);
          break;
      }
    }
  }
  const notes = skippedNotes(report);
  if (notes.length > 0) out.push('', ...notes.map(commentText));
  return out;
}

/** One comment per kind of denial the report never turns into a grant, with its count. */
function skippedNotes(report: Report): string[] {
  const skipped = [
    [
      sumCounts(report.unattributed),
      'denials without an account (not authenticated): never granted',
    ],
    [sumCounts(report.truncated), 'records cut before their end: never attributed'],
    [sumCounts(report.invalid), 'denials with an invalid account, id or action: never granted'],
    [
      sumCounts(report.authenticationFailures),
      'failed logins and refused tokens: an authentication problem, not a missing grant',
    ],
    [
      sumCounts(report.unmapped),
      'records no permission can be named for without doubt: never granted',
    ],
    [report.stats.suspicious, 'suspicious (forged or ambiguous) records: never granted'],
    [
      report.stats.malformed,
      'malformed records (cut before their result, say), which may hide a denial: never granted',
    ],
  ] as const;
  return skipped
    .filter(([n]) => n > 0)
    .map(([n, what]) => `# ${what} (${n}); see the table or json report`);
}

/** The comment lines that say where a group's grants apply, and what becomes of membership. */
export function groupIntro(
  recipient: Recipient,
  membership: 'commented' | 'runs' | 'kept',
): string[] {
  if (recipient.kind !== 'groups') return [];
  const lines = [
    `# Grants go to the group ${recipient.gid}, and apply to every member of it.`,
    {
      commented:
        '# Adding the accounts to the group is left to you: the `add_user` lines are commented.',
      runs: '# Each account is added to the group as a step of the migration.',
      kept: '# Membership is left as it is: the `del_user` lines are commented.',
    }[membership],
  ];
  return lines.map(commentText);
}
