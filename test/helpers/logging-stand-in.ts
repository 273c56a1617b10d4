import { type ChildProcess, spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createInterface } from 'node:readline';
import { cursorExists, journalArgs, type MessageEncoding, toApiEntry } from './logging-journal.js';

/**
 * A stand-in for a DC/OS cluster's logging service (dcos-log behind each
 * master's Admin Router), on 127.0.0.x addresses that share one port, as
 * the masters of a cluster share the cluster URL's. Each master serves a
 * real journal file through the real journalctl: the API's filters become
 * journalctl matches, its cursor `--after-cursor`, `skip=-N` `-n N`, an event
 * stream `-f`, in the API's NDJSON and event-stream framing (`: ping` while
 * idle). It checks the token, answers mesos-dns's master.mesos, and fails
 * in the ways a master can: down (nothing listens), v1 only, an expired
 * token (401), a missing permission (403), a 500, a stream cut mid-way, an
 * event stream gone silent.
 */

export type MasterMode =
  | 'ok'
  | 'v1-only'
  | 'expired'
  | 'forbidden'
  /** The first request for logs answers 500; the next ones are served. */
  | 'fail-once'
  /** The connection is cut after `cutAfter` entries. */
  | 'cut'
  /** 'fail-once', then each answer cut as 'cut' cuts it. */
  | 'fail-once-then-cut'
  /** Every cursor asked for is gone (500), as after a vacuum; the first answer is cut as 'cut' cuts it. */
  | 'lost-cursors'
  /** An event stream that sends its headers, then nothing, not even a ping. */
  | 'silent'
  /** A 200 with an HTML page, as a proxy's login page would be. */
  | 'html'
  /** A 400 whose body repeats the request's Authorization header. */
  | 'echo';

export interface StandInMaster {
  address: string;
  /** Absent: the master is down, nothing listens at its address. */
  journal?: string;
  mode?: MasterMode;
  cutAfter?: number;
  /**
   * How each entry's MESSAGE is written, entry n (from 0, in each answer)
   * as `messages[n % length]` says (default: as dcos-log writes it).
   */
  messages?: MessageEncoding[];
  /**
   * A logging service gone wrong: after `after` entries of an answer, every
   * entry carries `cursor` for its cursor (in its JSON and in an event's id).
   */
  badCursor?: { after: number; cursor: string };
}

export interface RecordedRequest {
  address: string;
  /** Path and query as sent. */
  target: string;
  accept: string | undefined;
  lastEventId: string | undefined;
  /** The Authorization header held the cluster's token. */
  authorized: boolean;
  status: number;
}

export interface LoggingCluster {
  /** The cluster URL: the first master's address and the port they share. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Log requests being answered now. */
  open(): number;
  /** `: ping` comments sent so far. */
  pings(): number;
  /** Cuts every connection now open, as a restarted Admin Router would. */
  drop(): void;
  /** Called as each request arrives, before it is answered. */
  onRequest?: (() => void) | undefined;
  stop(): Promise<void>;
}

export interface StandInOptions {
  masters: StandInMaster[];
  token: string;
  /** TLS key and certificate (test-ca.ts); none: plain http. */
  tls?: { key: Buffer; cert: Buffer };
  /** What mesos-dns answers for master.mesos (default: every master's address). */
  dns?: string[];
  /** How often an idle event stream says `: ping` (dcos-log: about 15 s). */
  pingMs?: number;
}

export async function startLoggingCluster(opts: StandInOptions): Promise<LoggingCluster> {
  const requests: RecordedRequest[] = [];
  const standIn = {} as LoggingCluster;
  const children = new Set<ChildProcess>();
  const live = opts.masters.filter((m) => m.journal !== undefined);
  const served = new Map<string, number>();
  const answering = new Set<ServerResponse>();
  let pings = 0;
  const handler = (master: StandInMaster) => (req: IncomingMessage, res: ServerResponse) => {
    const record: RecordedRequest = {
      address: master.address,
      target: req.url ?? '',
      accept: req.headers.accept,
      lastEventId: req.headers['last-event-id'] as string | undefined,
      authorized: req.headers.authorization === `token=${opts.token}`,
      status: 0,
    };
    requests.push(record);
    standIn.onRequest?.();
    const answer = (status: number, body = '', type = 'application/json') => {
      record.status = status;
      res.writeHead(status, { 'content-type': type }).end(body);
    };
    if (!record.authorized || master.mode === 'expired')
      return answer(
        401,
        '{"title":"Invalid authentication credentials","code":"ERR_INVALID_TOKEN"}',
      );
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/mesos_dns/v1/hosts/master.mesos') {
      const ips = opts.dns ?? opts.masters.map((m) => m.address);
      return answer(200, JSON.stringify(ips.map((ip) => ({ host: 'master.mesos.', ip }))));
    }
    // Admin Router's ACL for the logs (dcos:adminrouter:ops:system-logs), not mesos-dns's.
    if (master.mode === 'forbidden')
      return answer(403, '{"title":"Forbidden","description":"Access denied by Admin Router"}');
    const v2 = url.pathname === '/system/v1/logs/v2/component';
    const v1 = /^\/system\/v1\/logs\/v1\/(range|stream)\/$/.exec(url.pathname);
    if ((!v2 && !v1) || (v2 && master.mode === 'v1-only'))
      return answer(404, '404 page not found\n', 'text/plain');
    const count = (served.get(master.address) ?? 0) + 1;
    served.set(master.address, count);
    if ((master.mode === 'fail-once' || master.mode === 'fail-once-then-cut') && count === 1)
      return answer(500, 'unable to open journald: injected failure', 'text/plain');
    if (master.mode === 'html')
      return answer(200, '<html><body>Sign in</body></html>\n', 'text/html');
    if (master.mode === 'echo')
      return answer(
        400,
        `bad request with Authorization: ${req.headers.authorization}`,
        'text/plain',
      );
    const stream = req.headers.accept === 'text/event-stream' || v1?.[1] === 'stream';
    const args = journalArgs(url, v2 ? 'v2' : 'v1', stream, record.lastEventId);
    if (typeof args === 'string') return answer(400, args, 'text/plain');
    const lost = master.mode === 'lost-cursors' && args.cursor !== undefined;
    void cursorExists(master.journal!, args.cursor).then((exists) => {
      if (!exists || lost)
        return answer(
          500,
          `unable to open journald: Cursor ${args.cursor} not found`,
          'text/plain',
        );
      serve(master, args.argv, stream, args.limit, res, record);
    });
  };

  const serve = (
    master: StandInMaster,
    argv: string[],
    stream: boolean,
    limit: number | undefined,
    res: ServerResponse,
    record: RecordedRequest,
  ) => {
    const child = spawn('journalctl', ['--file', master.journal!, ...argv], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.add(child);
    let sent = 0;
    let ping: NodeJS.Timeout | undefined;
    answering.add(res);
    let finished = false;
    const finish = () => {
      finished = true;
      clearInterval(ping);
      child.kill('SIGKILL');
      children.delete(child);
      answering.delete(res);
    };
    res.once('close', finish);
    if (stream) {
      record.status = 200;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      if (master.mode === 'silent') return child.kill('SIGKILL');
      ping = setInterval(() => {
        pings++;
        res.write(': ping\n\n');
      }, opts.pingMs ?? 15_000);
    }
    const lines = createInterface({ input: child.stdout! });
    let cut = false;
    lines.on('line', (line) => {
      // After the answer is over, journalctl is killed: what readline hands
      // on then is the cut end of its output, not an entry.
      if (finished || cut || (limit !== undefined && sent >= limit)) return;
      const encodings = master.messages ?? ['text'];
      const entry = toApiEntry(line, encodings[sent % encodings.length]);
      const bad = master.badCursor;
      if (bad && sent >= bad.after) {
        entry.json = entry.json.replace(
          `"cursor":${JSON.stringify(entry.cursor)}`,
          `"cursor":${JSON.stringify(bad.cursor)}`,
        );
        entry.cursor = bad.cursor;
      }
      if (!stream && sent === 0) {
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json' });
      }
      sent++;
      const ok = res.write(
        stream ? `id: ${entry.cursor}\ndata: ${entry.json}\n\n` : `${entry.json}\n`,
      );
      if (cuts(master) && sent === (master.cutAfter ?? 1)) {
        cutOnce.add(master.address);
        // A piece of a line, then the connection goes: a stream cut mid-way.
        cut = true;
        res.write(entry.json.slice(0, 20));
        setTimeout(() => res.socket?.destroy(), 50);
        return lines.close();
      }
      if (!ok && !child.stdout!.isPaused()) {
        child.stdout!.pause();
        res.once('drain', () => child.stdout!.resume());
      }
    });
    lines.once('close', () => {
      if (stream || cut || cuts(master)) return;
      if (sent === 0) {
        record.status = 204;
        res.writeHead(204).end();
      } else res.end();
    });
  };

  const port = await sharedPort(live.map((m) => m.address));
  const servers: Server[] = [];
  for (const master of live) {
    const server = opts.tls
      ? createHttpsServer(opts.tls, handler(master))
      : createHttpServer(handler(master));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, master.address, resolve);
    });
    servers.push(server);
  }
  const scheme = opts.tls ? 'https' : 'http';
  Object.assign(standIn, {
    url: `${scheme}://${opts.masters[0]!.address}:${port}`,
    port,
    requests,
    open: () => children.size,
    pings: () => pings,
    drop: () => {
      for (const res of answering) res.socket?.destroy();
    },
    stop: async () => {
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  });
  return standIn;
}

/** A port free on every one of these addresses (a master's own port is the cluster's). */
async function sharedPort(addresses: string[]): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const probe = createHttpServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, addresses[0] ?? '127.0.0.1', () =>
        resolve((probe.address() as { port: number }).port),
      ),
    );
    await new Promise((resolve) => probe.close(resolve));
    const free = await Promise.all(addresses.map((a) => canListen(a, port)));
    if (free.every(Boolean)) return port;
  }
  throw new Error('no port free on every address');
}

function canListen(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createHttpServer();
    s.once('error', () => resolve(false));
    s.listen(port, address, () => s.close(() => resolve(true)));
  });
}

/** Masters whose first answer 'lost-cursors' has cut. */
const cutOnce = new Set<string>();

/** Whether the master's answers are cut after `cutAfter` entries. */
function cuts(master: StandInMaster): boolean {
  if (master.mode === 'lost-cursors') return !cutOnce.has(master.address);
  return master.mode === 'cut' || master.mode === 'fail-once-then-cut';
}
