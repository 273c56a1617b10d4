import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the DC/OS IAM HTTP API on 127.0.0.1 (plain http, or TLS
 * with a certificate of test-ca.ts), with the answers IAM
 * gives: the ACL calls the curl scripts make (201/409 to create an ACL,
 * 204/409 to grant, 204/404 to revoke), and
 * `GET /acs/api/v1/users/<uid>/permissions` in IAM's shape (direct grants,
 * and the grants of each group the account is a member of), with failures
 * injected on demand.
 */

export const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiJib290c3RyYXB1c2VyIn0.c2lnbmF0dXJl';
const ACTIONS = new Set(['create', 'read', 'update', 'delete', 'full']);

/** A grant as the server holds it. */
export const key = (kind: string, subject: string, rid: string, action: string) =>
  JSON.stringify([kind, subject, rid, action]);

export interface Call {
  method: string;
  rid: string;
  kind?: string;
  subject?: string;
  action?: string;
}

export interface PermissionsAnswer {
  status: number;
  body: string;
}

export class Iam {
  acls = new Map<string, string>();
  grants = new Set<string>();
  /** Group id to the uids of its members. */
  members = new Map<string, Set<string>>();
  /** Raw request targets, as the client sent them. */
  paths: string[] = [];
  /** Each matching call once answers 500. */
  failOnce: ((call: Call) => boolean)[] = [];
  /**
   * An injected failure's answer echoes the request's Authorization header,
   * as a careless proxy's may; a number puts that many characters before it.
   */
  echoToken: boolean | number = false;
  /**
   * When set, GET .../permissions answers this (status, body text) instead;
   * a list answers in turn, its last one from then on.
   */
  permissionsAnswer: PermissionsAnswer | PermissionsAnswer[] | undefined;
  private server: Server;
  url = '';

  constructor(private readonly tls?: { key: Buffer; cert: Buffer }) {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = tls ? createTlsServer(tls, handler) : createServer(handler);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const scheme = this.tls ? 'https' : 'http';
    this.url = `${scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  state() {
    return { acls: new Map(this.acls), grants: new Set(this.grants) };
  }

  /** Grants a permission (creating its ACL), as the CLI or a script would have. */
  grant(kind: 'users' | 'groups', subject: string, rid: string, action: string): void {
    if (!this.acls.has(rid)) this.acls.set(rid, `ACL ${rid}`);
    this.grants.add(key(kind, subject, rid, action));
  }

  addMember(gid: string, uid: string): void {
    let set = this.members.get(gid);
    if (!set) {
      set = new Set();
      this.members.set(gid, set);
    }
    set.add(uid);
  }

  /** What IAM answers to GET /users/<uid>/permissions. */
  permissionsOf(uid: string): object {
    const byRid = (kind: string, subject: string) => {
      const out = new Map<string, string[]>();
      for (const k of this.grants) {
        const [gk, gs, rid, action] = JSON.parse(k) as string[];
        if (gk !== kind || gs !== subject) continue;
        const list = out.get(rid!) ?? [];
        list.push(action!);
        out.set(rid!, list);
      }
      return out;
    };
    const aclurl = (rid: string) => `/acls/${encodeURIComponent(encodeURIComponent(rid))}`;
    const actions = (rid: string, kind: string, subject: string, names: string[]) =>
      names.map((name) => ({ name, url: `${aclurl(rid)}/${kind}/${subject}/${name}` }));
    const direct = [...byRid('users', uid)].map(([rid, names]) => ({
      rid,
      description: this.acls.get(rid) ?? '',
      aclurl: aclurl(rid),
      actions: actions(rid, 'users', uid, names),
    }));
    const groups = [...this.members]
      .filter(([, uids]) => uids.has(uid))
      .flatMap(([gid]) =>
        [...byRid('groups', gid)].map(([rid, names]) => ({
          rid,
          gid,
          description: this.acls.get(rid) ?? '',
          aclurl: aclurl(rid),
          membershipurl: `/groups/${gid}/users/${uid}`,
          actions: actions(rid, 'groups', gid, names),
        })),
      );
    return { direct, groups };
  }

  private answer(res: ServerResponse, status: number, body?: object) {
    res.writeHead(status, body ? { 'content-type': 'application/json' } : {});
    res.end(body ? JSON.stringify(body) : undefined);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let body = '';
    for await (const chunk of req) body += chunk;
    const raw = req.url ?? '';
    this.paths.push(`${req.method} ${raw}`);
    const prefix = '/acs/api/v1/';
    if (!raw.startsWith(prefix)) return this.answer(res, 404, { code: 'ERROR_NOT_FOUND' });
    if (req.headers.authorization !== `token=${TOKEN}`)
      return this.answer(res, 401, { code: 'ERROR_INVALID_AUTHORIZATION' });
    const segments = raw.slice(prefix.length).split('/');
    if (segments[0] === 'users' && segments.length === 3 && segments[2] === 'permissions')
      return this.permissions(req, res, segments[1]!);
    if (segments[0] !== 'acls' || (segments.length !== 2 && segments.length !== 5))
      return this.answer(res, 404, { code: 'ERROR_NOT_FOUND' });
    let call: Call;
    try {
      // IAM decodes the id twice: the / inside it arrive as %252F.
      call = {
        method: req.method ?? '',
        rid: decodeURIComponent(decodeURIComponent(segments[1]!)),
      };
      if (segments.length === 5) {
        call.kind = segments[2]!;
        call.subject = decodeURIComponent(segments[3]!);
        call.action = decodeURIComponent(segments[4]!);
      }
    } catch {
      return this.answer(res, 400, { code: 'ERROR_INVALID_RID' });
    }
    if (this.injected(call)) return this.answer(res, 500, this.failure(req));
    if (call.kind === undefined) {
      if (call.method !== 'PUT') return this.answer(res, 405, { code: 'ERROR_METHOD' });
      if (req.headers['content-type'] !== 'application/json')
        return this.answer(res, 415, { code: 'ERROR_CONTENT_TYPE' });
      const { description } = JSON.parse(body) as { description?: unknown };
      if (typeof description !== 'string')
        return this.answer(res, 400, { code: 'ERROR_INVALID_DESCRIPTION' });
      if (this.acls.has(call.rid)) return this.answer(res, 409, { code: 'ERROR_ACL_EXISTS' });
      this.acls.set(call.rid, description);
      return this.answer(res, 201);
    }
    if ((call.kind !== 'users' && call.kind !== 'groups') || !ACTIONS.has(call.action!))
      return this.answer(res, 400, { code: 'ERROR_INVALID_ACTION' });
    const k = key(call.kind, call.subject!, call.rid, call.action!);
    if (call.method === 'PUT') {
      if (!this.acls.has(call.rid)) return this.answer(res, 404, { code: 'ERROR_ACL_NOT_FOUND' });
      if (this.grants.has(k)) return this.answer(res, 409, { code: 'ERROR_ALREADY_GRANTED' });
      this.grants.add(k);
      return this.answer(res, 204);
    }
    if (call.method === 'DELETE') {
      if (!this.grants.delete(k)) return this.answer(res, 404, { code: 'ERROR_NOT_GRANTED' });
      return this.answer(res, 204);
    }
    return this.answer(res, 405, { code: 'ERROR_METHOD' });
  }

  private permissions(req: IncomingMessage, res: ServerResponse, segment: string) {
    if (req.method !== 'GET') return this.answer(res, 405, { code: 'ERROR_METHOD' });
    let uid: string;
    try {
      uid = decodeURIComponent(segment);
    } catch {
      return this.answer(res, 400, { code: 'ERROR_INVALID_UID' });
    }
    if (this.injected({ method: 'GET', rid: '', kind: 'users', subject: uid }))
      return this.answer(res, 500, this.failure(req));
    const given = this.permissionsAnswer;
    if (given) {
      const answer = Array.isArray(given) ? (given.length > 1 ? given.shift()! : given[0]!) : given;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      return res.end(answer.body);
    }
    return this.answer(res, 200, this.permissionsOf(uid));
  }

  private failure(req: IncomingMessage) {
    if (this.echoToken === false) return INJECTED_FAILURE;
    const pad = this.echoToken === true ? {} : { pad: 'x'.repeat(this.echoToken) };
    return { ...INJECTED_FAILURE, ...pad, echo: req.headers.authorization };
  }

  private injected(call: Call): boolean {
    const i = this.failOnce.findIndex((f) => f(call));
    if (i < 0) return false;
    this.failOnce.splice(i, 1);
    return true;
  }
}

export const INJECTED_FAILURE = { code: 'ERROR_INTERNAL', description: 'injected failure' };
