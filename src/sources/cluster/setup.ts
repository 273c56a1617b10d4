import { Readable } from 'node:stream';
import type { TimeWindow as ReportWindow } from '../../report/time-window.js';
import { plainHttpMessage, plainHttpRefused } from '../../text/plain-http.js';
import { DEFAULT_BACKOFF } from '../backoff.js';
import type { Input } from '../input.js';
import { cursorProblem } from '../journal-cursor.js';
import type { InputPosition } from '../position.js';
import { AccessError, clusterAccess } from './access.js';
import { masterUrl } from './address.js';
import { type DcosConfig, dcosConfigShow } from './dcos-cli.js';
import { ClusterFailure, type Connection } from './http-get.js';
import { MasterInput, type MasterSettings } from './master-input.js';
import { discoverMasters } from './masters.js';
import { inMicroseconds } from './time-window.js';

/**
 * From the command line's --cluster options to one input per master.
 * Everything that can be settled before reading is settled here: the URL,
 * the token and the CA (a problem is a ClusterSetupError, a usage error), the
 * time window, and the masters, asked of mesos-dns unless --masters names
 * them (when the cluster cannot be asked, one failed input says why).
 */

export interface ClusterCliOptions {
  /** `--cluster URL`, or true when given without one. */
  cluster: string | true;
  /** `--masters` values, each a comma list. */
  masters: string[];
  caCert?: string | undefined;
  allowHttp: boolean;
  /** `--since` / `--until`, resolved (epoch milliseconds). */
  window?: ReportWindow | undefined;
  /** Seconds. */
  connectTimeout: number;
  follow?: boolean | undefined;
  maxLine: number;
}

/** The inputs of the cluster, and the token they are read with. */
export interface ClusterSetup {
  /** One per master; or one failed input when no master is known. */
  inputs: Input[];
  /** Every input of the run keeps it out of what it keeps (consume.ts). */
  token: string;
}

/** A setting that keeps the cluster from being read at all: a usage error. */
export class ClusterSetupError extends Error {}

/** What a run that keeps its place (`--state`) or follows gives the cluster source. */
export interface ClusterResume {
  /** Where earlier runs stopped, by input key (`cluster:<address>`): each master resumes after its cursor. */
  positions?: ReadonlyMap<string, InputPosition> | undefined;
  /** Ends every follow well: each master's stream ends after what was read, complete. */
  stop?: AbortSignal | undefined;
  /** Drops a saved position kept under a key no longer used (a master's address as given). */
  forget?: ((key: string) => void) | undefined;
}

export interface ClusterSetupDeps {
  dcos?: DcosConfig;
  /** Waits and limits, for tests that cannot wait 45 s. */
  tuning?: Partial<Pick<MasterSettings, 'heartbeatMs' | 'stallMs' | 'backoff'>>;
}

/** The cluster as an input that failed before any master was known. */
export class UnreadCluster implements Input {
  readonly host = undefined;
  constructor(
    readonly source: string,
    readonly label: string,
    readonly failure: string,
  ) {}
  open(): Readable {
    const stream = new Readable({ read() {} });
    process.nextTick(() => stream.destroy(new Error(this.failure)));
    return stream;
  }
}

export async function setupCluster(
  opts: ClusterCliOptions,
  env: NodeJS.ProcessEnv = process.env,
  notice?: (line: string) => void,
  resume: ClusterResume = {},
  deps: ClusterSetupDeps = {},
): Promise<ClusterSetup> {
  if (opts.follow && opts.window?.until !== undefined)
    throw new ClusterSetupError(
      '--until cannot be used with --follow: a follow reads until it is stopped',
    );
  let access: Awaited<ReturnType<typeof clusterAccess>>;
  try {
    access = await clusterAccess(
      { url: opts.cluster, caCert: opts.caCert, allowHttp: opts.allowHttp },
      env,
      deps.dcos ?? dcosConfigShow,
    );
  } catch (err) {
    if (err instanceof AccessError) throw new ClusterSetupError(err.message);
    throw err;
  }
  const conn: Connection = {
    token: access.token,
    ca: access.ca,
    caFrom: access.caFrom,
    cliSkipsVerify: access.cliSkipsVerify,
    connectTimeoutMs: Math.round(opts.connectTimeout * 1000),
    answerTimeoutMs: 60_000,
  };
  let masters = [...new Set(opts.masters.flatMap((m) => m.split(',')).map((m) => m.trim()))];
  if (masters.length === 0) {
    try {
      masters = await discoverMasters(access.base, conn);
    } catch (err) {
      if (!(err instanceof ClusterFailure)) throw err;
      const message = `cannot list the masters: ${err.message}`;
      const unread = new UnreadCluster(access.base.origin, access.base.origin, message);
      return { inputs: [unread], token: access.token };
    }
  }
  const remote = masters
    .map((address) => masterUrl(access.base, address))
    .find((url) => plainHttpRefused(url, opts.allowHttp));
  if (remote !== undefined) throw new ClusterSetupError(plainHttpMessage(remote.origin));
  const settings: MasterSettings = {
    conn,
    window: inMicroseconds(opts.window),
    follow: opts.follow === true,
    cap: opts.maxLine + 64 * 1024,
    heartbeatMs: 45_000,
    stallMs: 120_000,
    backoff: DEFAULT_BACKOFF,
    stop: resume.stop,
    notice,
    ...deps.tuning,
  };
  // One master named two ways (`127.1` and `127.0.0.1`, a name in capitals)
  // is read once, named as its URL names it, in this run and the next.
  const named = new Map<string, string>();
  for (const given of masters) {
    const address = masterUrl(access.base, given).hostname.replace(/^\[(.*)\]$/, '$1');
    if (!named.has(address)) named.set(address, given);
  }
  const inputs = [...named].map(([address, given]) => {
    const key = `cluster:${address}`;
    let cursor = savedCursor(resume.positions, key);
    // A state written before addresses were named so keeps the spelling given, once.
    const before = `cluster:${given}`;
    if (cursor === undefined && before !== key) {
      cursor = savedCursor(resume.positions, before);
      if (cursor !== undefined) resume.forget?.(before);
    }
    return new MasterInput(address, masterUrl(access.base, address), settings, cursor);
  });
  return { inputs, token: access.token };
}

/** The saved cursor of a master, checked: it goes into a URL. */
function savedCursor(positions: ClusterResume['positions'], key: string): string | undefined {
  const position = positions?.get(key);
  if (position === undefined) return undefined;
  const problem =
    position.kind === 'journal' ? cursorProblem(position.cursor) : 'not a journal cursor';
  if (problem) throw new ClusterSetupError(`the saved position of ${key}: ${problem}`);
  return position.kind === 'journal' ? position.cursor : undefined;
}
