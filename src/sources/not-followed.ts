/**
 * A followed source that is connecting or waiting to retry when the follow
 * ends was not read since it was lost: the report says so, with the last
 * failure, and is partial. One wording for every source that reconnects
 * (SSH hosts, the cluster's masters).
 */

/** Since when a source is not followed (unset when it never was), and why. */
export interface Lost {
  /** Epoch milliseconds. */
  since?: number;
  why?: string;
}

/** The failure of a source (`the host`, `the master`) the follow ended without. */
export function notFollowed(lost: Lost, what: string): string {
  const when =
    lost.since === undefined
      ? 'not followed'
      : `not followed since ${new Date(lost.since).toISOString().slice(11, 19)} UTC`;
  return `${when}: ${lost.why ?? `the follow ended before ${what} was connected`}`;
}
