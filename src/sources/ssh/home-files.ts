import { join, resolve } from 'node:path';

/**
 * The files of ~/.ssh a run over SSH reads when no option names others, as
 * OpenSSH does: in a module of its own, so that the check of -o reads them
 * without loading the SSH code.
 */
export function sshHomeFiles(home: string): {
  config: string;
  knownHosts: string;
  identities: string[];
} {
  const dir = join(home, '.ssh');
  return {
    config: join(dir, 'config'),
    knownHosts: join(dir, 'known_hosts'),
    identities: ['id_rsa', 'id_ecdsa', 'id_ed25519'].map((f) => join(dir, f)),
  };
}

/** A path as given to an SSH option: `~` and `~/...` are the home directory's. */
export function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : resolve(path);
}
