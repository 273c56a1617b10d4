import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import type { ParsedKey } from 'ssh2';
import { fileProblem } from '../read-status.js';
import { ssh2 } from './load-ssh2.js';
import { TargetError } from './target.js';

/**
 * Private keys for public key authentication. A key is read once per run,
 * whichever hosts use it. An encrypted key is opened with
 * AUDIT2GRANT_KEY_PASSPHRASE, else with a passphrase asked on the terminal
 * (only when stderr is one, so that a pipeline never waits on a prompt).
 */

export type { ParsedKey };

export const PASSPHRASE_ENV = 'AUDIT2GRANT_KEY_PASSPHRASE';

export interface KeyRequest {
  path: string;
  /** Named with -i: a key that cannot be read is an error, not a skipped default. */
  explicit: boolean;
}

export interface KeyOptions {
  passphrase?: string | undefined;
  /** Asks for a passphrase; undefined when no one can be asked. */
  ask?: ((prompt: string) => Promise<string | undefined>) | undefined;
  /** Ask only for keys named with -i (the others are skipped when encrypted). */
  askOnlyExplicit?: boolean;
}

export interface LoadedKeys {
  keys: Map<string, ParsedKey>;
  /** Keys skipped, one line each, for messages about failed authentication. */
  skipped: string[];
}

function parse(data: Buffer, passphrase?: string): ParsedKey | Error {
  const parsed = ssh2().utils.parseKey(data, passphrase);
  if (parsed instanceof Error) return parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) return new Error('no key in the file');
  if (!key.isPrivateKey()) return new Error('a public key, not a private key');
  return key;
}

/** Reads the keys, asking for passphrases one at a time. */
export async function loadKeys(requests: KeyRequest[], opts: KeyOptions): Promise<LoadedKeys> {
  const keys = new Map<string, ParsedKey>();
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const { path, explicit } of requests) {
    if (seen.has(path)) continue;
    seen.add(path);
    const skip = (why: string) => {
      if (explicit) throw new TargetError(`identity ${path}: ${why}`);
      skipped.push(`${path}: ${why}`);
    };
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Configured or default keys that do not exist are skipped silently, as ssh does.
      if (code === 'ENOENT' && !explicit) continue;
      skip(fileProblem(err, 'the private key file in it'));
      continue;
    }
    let key = parse(data);
    if (key instanceof Error && /no passphrase given/i.test(key.message)) {
      const mayAsk = explicit || !opts.askOnlyExplicit;
      const passphrase =
        opts.passphrase ?? (mayAsk ? await opts.ask?.(`Passphrase for ${path}: `) : undefined);
      if (passphrase === undefined) {
        skip(`encrypted: set ${PASSPHRASE_ENV}, run on a terminal, or add it to ssh-agent`);
        continue;
      }
      key = parse(data, passphrase);
      if (key instanceof Error) {
        skip('wrong passphrase, or a key that cannot be read');
        continue;
      }
    }
    if (key instanceof Error) {
      skip(`not a usable private key (${key.message})`);
      continue;
    }
    keys.set(path, key);
  }
  return { keys, skipped };
}

/**
 * Asks on the controlling terminal without echo. Undefined when stderr is not
 * a terminal or there is no terminal to ask on.
 */
export async function askOnTerminal(prompt: string): Promise<string | undefined> {
  if (!process.stderr.isTTY || !existsSync('/dev/tty')) return undefined;
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r');
  } catch {
    return undefined;
  }
  const input = new ReadStream(fd);
  // No echo before the prompt shows: typed-ahead characters are not echoed either.
  input.setRawMode(true);
  process.stderr.write(prompt);
  try {
    return await new Promise<string | undefined>((resolve) => {
      let text = '';
      input.on('data', (chunk: Buffer) => {
        for (const c of chunk.toString('utf8')) {
          if (c === '\r' || c === '\n') return resolve(text);
          if (c === '\u0003' || c === '\u0004') return resolve(undefined); // Ctrl-C, Ctrl-D
          if (c === '\u007f' || c === '\b') text = text.slice(0, -1);
          else text += c;
        }
      });
      input.on('error', () => resolve(undefined));
    });
  } finally {
    input.setRawMode(false);
    input.destroy();
    process.stderr.write('\n');
    try {
      closeSync(fd);
    } catch {
      // already closed by the stream
    }
  }
}
