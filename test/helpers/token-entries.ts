import type { Entry } from './sshd.js';

/**
 * Journal entries of a master whose services repeat the cluster's token (a
 * service that logs its own request headers): in every place of a record
 * whose text the report keeps (a denial's reason, its object, its account),
 * in a suspicious and a malformed record (kept as samples), and in a line
 * that is no record. For the tests that check the token reaches no report,
 * sample, error or state file, however the logging API encodes the entries.
 */

/** Where an entry's message holds the token. */
export const TOKEN_PLACES = [
  'reason',
  'object',
  'uid',
  'suspicious',
  'malformed',
  'noise',
] as const;
export type TokenPlace = (typeof TOKEN_PLACES)[number];

/** The characters of a token as DC/OS issues it (src/sources/cluster/dcos-cli.ts TOKEN_SHAPE). */
export const TOKEN_CHARS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/=-',
];

/** 2026-11-28T10:00:00Z, in microseconds. */
const T0 = 1_795_860_000_000_000n;

export interface TokenEntry {
  place: TokenPlace;
  /** The message also holds an ESC (as a coloured log line does): journald keeps it as bytes. */
  esc: boolean;
}

/** What becomes of the entry: a record (allowed or denied), a sample, or noise. */
export function tokenOutcome(place: TokenPlace): 'record' | 'suspicious' | 'malformed' | 'noise' {
  if (place === 'suspicious' || place === 'malformed' || place === 'noise') return place;
  return 'record';
}

/** The entries, one a second, each denial of an account and object of its own. */
export function tokenEntries(token: string, entries: readonly TokenEntry[]): Entry[] {
  return entries.map(({ place, esc }, n) => {
    const usec = T0 + BigInt(n) * 1_000_000n;
    const stamp = new Date(Number(usec / 1000n)).toISOString().replace('.000Z', '.431207Z');
    const prefix = `[261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: `;
    const record = (rest: string) =>
      `${prefix}type=audit timestamp=${stamp} srcip=127.0.0.1 authorizer=bouncer ${rest}`;
    const ansi = esc ? '\u001b[31m' : '';
    const message = {
      reason: record(
        `uid=svc-${n} action=create object=dcos:mesos:master:reservation:role:r${n} result=deny reason="${ansi}header Authorization: token=${token}"`,
      ),
      object: record(
        `uid=svc-${n} action=read object=dcos:secrets:default:/app/${token}${ansi} result=deny reason="no matching ACL"`,
      ),
      uid: record(
        `uid=svc-${token} action=read object=dcos:secrets:default:/app/${n} result=deny reason="no matching ACL${ansi}"`,
      ),
      suspicious: record(
        `uid=svc-${n} uid=other action=read object=dcos:secrets:default:/app result=deny reason="${ansi}token=${token}"`,
      ),
      malformed: `${prefix}${ansi}type=audit token=${token}`,
      noise: `${ansi}request headers: Authorization: token=${token}`,
    }[place];
    return {
      usec,
      host: 'master-1.example',
      unit: 'dcos-bouncer.service',
      ident: 'bouncer.sh',
      pid: 1877,
      message,
    };
  });
}
