import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { type Recipient, scriptPlan } from '../output/grant-items.js';
import { planAccount, wantedGrants } from '../output/plan-grants.js';
import { printable } from '../output/printable.js';
import { superuserKept } from '../output/superuser-kept.js';
import { plural } from '../output/text.js';
import { Aggregator } from '../report/aggregate.js';
import { buildReport } from '../report/build-report.js';
import { grantPlan } from '../report/grant-plan.js';
import { ExistingError, parseExisting, type SuperuserHeld } from '../rules/existing.js';
import { Gid, problemOf } from '../rules/grammar.js';
import { checkHeld, HeldError, readHeld, type WantedGrant } from '../rules/held.js';
import { consumeAll } from '../sources/consume.js';
import { fileInput, stdinInput } from '../sources/input.js';
import { fileProblem } from '../sources/read-status.js';
import { plainHttpMessage, plainHttpRefused } from '../text/plain-http.js';
import { shownUrl } from '../text/shown-url.js';
import { loadAnalysis } from './analysis-options.js';
import { FetchError, fetchPermissions, permissionsTarget } from './iam-permissions.js';
import { outputProblem, writeAtomic } from './output-file.js';
import { isOneOf } from './same-file.js';
import { stderr } from './stderr.js';
import { UsageError } from './usage-error.js';
import type { VerifyCliOptions } from './verify-command.js';

/**
 * `audit2grant verify`: the grants the account should hold (those `-f plan`
 * writes for the same journals and options, or `--grants` lines), against
 * what it holds (IAM's answer, fetched or `--held`). Missing grants go to
 * standard output as `<uid> <rid> <action>` lines; everything else to
 * standard error.
 */

export const VERIFY_EXIT = {
  /** Every grant is held. */
  held: 0,
  /** Some grant is missing: listed on standard output. */
  missing: 1,
  /** The check could not be made: why, and the fix, on standard error. */
  unchecked: 3,
} as const;

/** Why the check could not be made: a one-line reason with its fix. */
class Unchecked extends Error {}

export async function runVerify(opts: VerifyCliOptions, version: string): Promise<number> {
  const say = (line: string) => stderr().write(`audit2grant: ${printable(line)}\n`);
  usageProblems(opts);
  try {
    // The cluster and token first: the token is cut out of the journals as they are read.
    const target =
      opts.held === undefined ? await permissionsTarget({ ...opts, env: process.env }) : undefined;
    const wanted =
      opts.grants === undefined
        ? await fromJournals(opts, version, target?.token)
        : fromLines(opts);
    if (wanted.length === 0)
      throw new Unchecked(
        `no grant of ${opts.uid} to check in ${opts.grants ?? 'the input'}: check the account id and the input`,
      );
    const source = opts.held ?? 'the IAM answer';
    const text =
      target === undefined
        ? read(opts.held!)
        : await fetchPermissions({ ...opts, env: process.env }, target);
    const held = readHeld(text, source, opts.uid);
    // Not read, so covering nothing: said, as the report's warnings say it.
    if (held.skipped.length > 0)
      say(
        `note: ${held.skipped.length === 1 ? '1 entry' : `${held.skipped.length} entries`} of ${source} not read (an id or action outside the grammar), taken as covering nothing: ${held.skipped.slice(0, 3).map(printable).join('; ')}`,
      );
    const result = checkHeld(wanted, [held]);
    const superuser = held.superuser;
    if (superuser.direct.some((a) => a !== 'full'))
      say(
        `note: ${opts.uid} holds dcos:superuser directly with ${superuser.direct.join(', ')}: any one grants everything, so revoke each`,
      );
    if (superuser.groups.length > 0)
      say(
        `note: ${opts.uid} also holds dcos:superuser through group ${superuser.groups.join(', ')}: revoking its direct grants leaves it superuser`,
      );
    if (opts.superuserList !== undefined) writeSuperuser(opts.superuserList, superuser);
    if (result.missing.length === 0) {
      say(`${opts.uid} holds all ${plural(wanted.length, 'grant')} checked`);
      return VERIFY_EXIT.held;
    }
    process.stdout.write(result.missing.map((g) => `${g.uid} ${g.rid} ${g.action}\n`).join(''));
    say(
      `${opts.uid} lacks ${result.missing.length} of ${plural(wanted.length, 'grant')} (listed on standard output): grant them, then check again`,
    );
    return VERIFY_EXIT.missing;
  } catch (err) {
    if (err instanceof Unchecked || err instanceof FetchError || err instanceof HeldError) {
      say(`verify: cannot check: ${err.message}`);
      return VERIFY_EXIT.unchecked;
    }
    throw err;
  }
}

/**
 * `--superuser-list`: `direct <action>` and `group <gid>` lines, for -f plan to
 * revoke each direct action. A gid outside the IAM charset is written as a
 * JSON string, so that it stays on its line.
 */
function writeSuperuser(path: string, superuser: SuperuserHeld): void {
  const gid = (g: string) => (problemOf(Gid, g) ? JSON.stringify(g) : g);
  const lines = [
    ...superuser.direct.map((a) => `direct ${a}\n`),
    ...superuser.groups.map((g) => `group ${gid(g)}\n`),
  ];
  try {
    writeAtomic(path, lines.join(''), 0o644);
  } catch (err) {
    throw new Unchecked(`--superuser-list ${printable(path)}: ${(err as Error).message}`);
  }
}

/**
 * Usage errors found before anything is asked of IAM (exit 2): plain http
 * to another host, and a --superuser-list that is no file it can write, or
 * one the check reads (as -o is checked).
 */
function usageProblems(opts: VerifyCliOptions): void {
  // As for the scripts' --cluster-url: what the command line gives is a usage error.
  const url = opts.clusterUrl;
  if (url !== undefined && plainHttpRefused(new URL(url), opts.allowHttp))
    throw new UsageError(plainHttpMessage(`--cluster-url ${shownUrl(url)}`));
  const path = opts.superuserList;
  if (path === undefined) return;
  const problem = outputProblem(path);
  const reads = [...opts.files, opts.held, opts.grants, opts.caCert].filter(
    (f): f is string => f !== undefined,
  );
  const why =
    problem ??
    (isOneOf(path, reads) ? 'it is also a file the check reads: name another file' : undefined);
  if (why) throw new UsageError(`--superuser-list ${printable(path)}: ${why}`);
}

function read(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new Unchecked(`${path}: ${fileProblem(err, 'the file in it')}`);
  }
}

/** `--grants`: lines of the account; a line naming another account is refused. */
function fromLines(opts: VerifyCliOptions): WantedGrant[] {
  const source = opts.grants!;
  const text = read(source);
  if (text.trimStart().startsWith('{'))
    throw new Unchecked(`--grants ${source}: expected "<uid> <rid> <action>" lines`);
  // No grant to check: said as such by the caller.
  if (text.trim() === '') return [];
  let file: ReturnType<typeof parseExisting>;
  try {
    // The lines name their account: checked below to be the one asked of.
    file = parseExisting(text, source, null);
  } catch (err) {
    if (err instanceof ExistingError) throw new Unchecked(`--grants ${err.message}`);
    throw err;
  }
  const other = file.grants.find((g) => g.uid !== opts.uid);
  if (other)
    throw new Unchecked(
      `--grants ${other.source}: names ${other.uid}, not ${opts.uid}: one account is checked at a time`,
    );
  return file.grants.map((g) => ({ uid: g.uid, rid: g.rid, action: g.action }));
}

/** The grants `-f plan -a UID` writes for the same journals and options. */
async function fromJournals(
  opts: VerifyCliOptions,
  version: string,
  token: string | undefined,
): Promise<WantedGrant[]> {
  let analysis: ReturnType<typeof loadAnalysis>;
  try {
    // The plan's grants only: no template is suggested.
    analysis = { ...loadAnalysis(opts.analysis), suggest: false };
  } catch (err) {
    throw new Unchecked((err as Error).message);
  }
  const files = opts.files.length === 0 ? ['-'] : opts.files;
  if (files.includes('-') && isatty(0))
    throw new Unchecked(
      'no input: pipe journalctl output in, name journal files, or give the grants with --grants',
    );
  const inputs = files.map((f) => (f === '-' ? stdinInput() : fileInput(f)));
  const window = opts.window;
  const agg = new Aggregator({
    allowed: analysis.evidence !== 'denied',
    ...(window && { window }),
  });
  const statuses = await consumeAll(inputs, agg, {
    maxLine: opts.maxLine,
    parallel: 1,
    token,
  });
  const unread = statuses.find((s) => !s.complete);
  if (unread)
    throw new Unchecked(
      `${unread.source}: ${unread.error ?? 'not read completely'}: the grants to check are not all known`,
    );
  const report = buildReport(agg.snapshot(), {
    version,
    now: new Date(),
    inputs: statuses,
    maxLine: opts.maxLine,
    accounts: new Set([opts.uid]),
    analysis,
    ...(window && { window }),
  });
  // A skipped line may hold a denial the plan would grant: the check would be of part of them.
  if (report.stats.tooLong > 0)
    throw new Unchecked(
      `${plural(report.stats.tooLong, 'line')} longer than ${opts.maxLine} bytes skipped: the grants to check are not all known: raise --max-line`,
    );
  const plan = grantPlan(report, { allowRisky: opts.allowRisky });
  const recipient: Recipient = { kind: 'users' };
  const { account } = planAccount(plan, opts.uid);
  const items = scriptPlan(
    { accounts: [account], active: 0 },
    recipient,
    // IAM is asked over its API, where any id of the charset is safe (curl
    // grants one the dcos CLI would misread; plan never verifies such an id).
    'iam-api',
  );
  const wanted = wantedGrants(opts.uid, items.accounts[0]!);
  // What the plan's step 2 would not revoke on, no check passes either: a
  // "holds all" must not read as "safe to revoke by hand". (No grant at all
  // is said as such below.)
  const kept = wanted.length > 0 && superuserKept(report, account, items.accounts[0]!);
  if (kept)
    throw new Unchecked(
      `-f plan -a ${opts.uid} keeps dcos:superuser for these journals: ${kept}; to check its grants all the same, give them with --grants`,
    );
  return wanted;
}
