import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/schema.js';
import { TOKEN } from '../helpers/cluster-run.js';
import { type LoggingCluster, startLoggingCluster } from '../helpers/logging-stand-in.js';
import { audit2grant, buildJournal, cleanup, makeHome, run, tempDir } from '../helpers/sshd.js';
import { TOKEN_PLACES, tokenEntries } from '../helpers/token-entries.js';

// A run that reads the cluster knows its token, and keeps it out of what it
// writes whatever input repeats it: a saved journal named beside --cluster
// (a logged curl command, a service that logs its request headers) as much
// as the masters' entries. The file is rendered by the real journalctl as
// short-iso lines, the ones read on their bytes. The address 127.0.46.11
// belongs to this file.

const MASTER = '127.0.46.11';

let dir: string;
let cluster: LoggingCluster;
let saved: string;
/** Lines of the saved file and of the master's journal. */
let lines: { file: number; master: number };

beforeAll(async () => {
  dir = await tempDir('a2g-token-inputs-');
  const places = TOKEN_PLACES.map((place) => ({ place, esc: false }));
  const file = await buildJournal(dir, 'saved', tokenEntries(TOKEN, places));
  const text = await run('journalctl', ['--file', file, '--no-pager', '-o', 'short-iso']);
  saved = join(dir, 'saved.log');
  // Each line three times: a wording seen before is counted by the key read from its bytes.
  writeFileSync(saved, text.stdout.repeat(3));
  const master = await buildJournal(
    dir,
    'master',
    tokenEntries(TOKEN, [{ place: 'reason', esc: false }]),
  );
  cluster = await startLoggingCluster({
    token: TOKEN,
    masters: [{ address: MASTER, journal: master }],
  });
  lines = { file: 3 * text.stdout.trimEnd().split('\n').length, master: 1 };
});

afterAll(async () => {
  await cluster?.stop();
  await cleanup();
});

describe('a token the run knows, repeated by a file beside --cluster', () => {
  it('reaches no report, no stderr and no state file; every line is still read', async () => {
    expect(readFileSync(saved, 'utf8')).toContain(TOKEN);
    const home = await makeHome();
    const state = join(home, 'run.state');
    for (const format of ['json', 'table']) {
      const out = await audit2grant(
        [saved, '--cluster', cluster.url, '--state', `${state}.${format}`, '-f', format],
        { home, env: { DCOS_ACS_TOKEN: TOKEN } },
      );
      expect(out.code, out.stderr).toBe(1);
      for (const text of [out.stdout, out.stderr, readFileSync(`${state}.${format}`, 'utf8')])
        expect(text).not.toContain(TOKEN);
      expect(out.stdout).toContain('<token>');
      if (format !== 'json') continue;
      const report = JSON.parse(out.stdout) as Report;
      expect(report.stats.lines).toBe(lines.file + lines.master);
      expect(report.inputs.map((i) => [i.kind, i.complete])).toEqual([
        ['file', true],
        ['cluster', true],
      ]);
    }
  });
});
