import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Waits for a followed file to change, without busy polling: the kernel's
 * notice of a change in the file's directory (fs.watch: inotify on Linux),
 * which also tells of a rotation (a rename, a new file of that name), and a
 * slow poll as well, for file systems that send no notice (NFS, some
 * containers). Idle, it costs one stat every POLL_MS.
 */

/** The fallback poll, with notices; and alone, where the directory cannot be watched. */
export const POLL_MS = 2000;
const POLL_ALONE_MS = 500;

export class FileWatch {
  private watcher: FSWatcher | undefined;
  /** A notice came while nobody waited: the next wait ends at once. */
  private dirty = false;
  private wake: (() => void) | undefined;

  constructor(path: string) {
    const name = basename(path);
    try {
      this.watcher = watch(dirname(path), { persistent: true }, (_event, file) => {
        // Other files of the directory (a busy /var/log) do not wake the reader.
        if (file === null || file === name) this.notice();
      });
      this.watcher.on('error', () => this.closeWatcher());
    } catch {
      // No notices (no such directory yet, no inotify watches left): the poll alone.
      this.watcher = undefined;
    }
  }

  /**
   * Resolves on the next notice of a change (or at once if one came since
   * the last wait), after the poll interval at the latest, or when one of
   * `signals` fires.
   */
  changed(signals: readonly (AbortSignal | undefined)[]): Promise<void> {
    if (this.dirty || signals.some((s) => s?.aborted)) {
      this.dirty = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        for (const s of signals) s?.removeEventListener('abort', done);
        this.wake = undefined;
        this.dirty = false;
        resolve();
      };
      const timer = setTimeout(done, this.watcher ? POLL_MS : POLL_ALONE_MS);
      for (const s of signals) s?.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  close(): void {
    this.closeWatcher();
    this.wake?.();
  }

  private notice(): void {
    if (this.wake) this.wake();
    else this.dirty = true;
  }

  private closeWatcher(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
