import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Socket, type Server as TcpServer } from 'node:net';
import { join } from 'node:path';
import { Server as SshServer } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/schema.js';
import {
  audit2grant,
  auditEntries,
  buildJournal,
  cleanup,
  type KeyPair,
  keygen,
  knownHostsLine,
  makeHome,
  tempDir,
} from '../../helpers/sshd.js';

// Addresses 127.0.39.x belong to this file.
//
// A short remote command's whole answer (the exec request's success, the
// journal, the exit status, EOF and close) can reach the client in one read:
// on a busy machine OpenSSH's packets pile up before the client reads them.
// ssh2 handles every packet of a read at once, so whatever the client had not
// set up by the exec callback is missed. A real sshd sends in one piece only
// by chance; this SSH server (ssh2's own, the protocol for real) holds its
// socket corked until the answer is complete, so that it always does.

const ADDRESS = '127.0.39.11';
let dir: string;
let userKey: KeyPair;
let home: string;
let journalJson: string;
let tcp: TcpServer;
const sockets = new Set<Socket>();

beforeAll(async () => {
  dir = await tempDir();
  const hostKey = await keygen(join(dir, 'host_ed25519'));
  userKey = await keygen(join(dir, 'user_ed25519'));
  // What journalctl -o json prints of a real journal: the answer sent.
  const journal = await buildJournal(dir, 'm', auditEntries('master.example', 1, 3));
  journalJson = execFileSync(
    'journalctl',
    ['--file', journal, '--no-pager', '--all', '-o', 'json'],
    {
      encoding: 'utf8',
    },
  );

  // A client's socket, by its port: ssh2 tells a connection after its handshake.
  const byPort = new Map<number, Socket>();
  const ssh = new SshServer({ hostKeys: [readFileSync(hostKey.path)] }, (client, info) => {
    const socket = byPort.get(info.port)!;
    client.on('error', () => {});
    client.on('authentication', (ctx) => ctx.accept());
    client.on('session', (acceptSession) => {
      acceptSession().on('exec', (acceptExec) => {
        socket.cork();
        const channel = acceptExec();
        channel.write(journalJson);
        channel.exit(0);
        channel.end();
        // After ssh2 has queued the EOF and close it sends once the writes are done.
        setImmediate(() => socket.uncork());
      });
    });
  });
  tcp = createServer((socket) => {
    sockets.add(socket);
    const port = socket.remotePort!;
    byPort.set(port, socket);
    socket.on('close', () => {
      sockets.delete(socket);
      byPort.delete(port);
    });
    ssh.injectSocket(socket);
  });
  await new Promise<void>((resolve) => tcp.listen(0, ADDRESS, resolve));
  const { port } = tcp.address() as { port: number };
  home = await makeHome({ knownHosts: [knownHostsLine(ADDRESS, port, hostKey.pub)] });
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => tcp.close(() => resolve()));
  await cleanup();
});

describe('a remote command that ends in the read that starts it', () => {
  it('is read whole, its exit status seen', async () => {
    const { port } = tcp.address() as { port: number };
    const target = `${ADDRESS}:${port}`;
    const got = await audit2grant(['-f', 'json', '-i', userKey.path, '--ssh', target], { home });
    expect(got.stderr).toBe('');
    expect(got.code).toBe(1); // denials found, read whole
    const report = JSON.parse(got.stdout) as Report;
    expect(report.partial).toBe(false);
    expect(report.inputs).toEqual([
      expect.objectContaining({ source: target, complete: true, error: null, records: 15 }),
    ]);
  });
});
