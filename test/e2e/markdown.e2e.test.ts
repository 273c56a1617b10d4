// The markdown report for a change request: what it says of allowed checks,
// of records that may hide a denial, and of log text in its sentences.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('a2g-markdown-');
const DEMO = join(ROOT, 'fixtures', 'demo.log');
const lines = readFileSync(DEMO, 'utf8').split('\n');
const line = (what: string) => lines.find((l) => l.includes(what))!;

function log(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('the markdown report', () => {
  it('with --evidence allowed: the reasons of allowed checks are not called denials', async () => {
    const r = await runCli(['-f', 'markdown', '--evidence', 'allowed', DEMO]);
    expect(r.stdout).toContain('| account | observed permissions |');
    expect(r.stdout).not.toMatch(/allowed checks? by .*\| denied: /);
    expect(r.stdout).toMatch(/1 allowed check by adminrouter .*\| reasons: IAM PQ response/);
  });

  it('lists malformed records, which may hide a denial, as the cli commands say them', async () => {
    const cut = line('kafka-principal').replace(/ result=deny.*/, '');
    const path = log('malformed.log', `${cut}\n`);
    const md = await runCli(['-f', 'markdown', path]);
    expect(md.stdout).toContain(`- Malformed records, 1 line: `);
    expect(md.stdout).toContain(`(first at \`${path}:1\`)`);
    const cli = await runCli(['-f', 'cli', path]);
    expect(cli.stdout).toMatch(/^# malformed records .* may hide a denial: never granted \(1\)/m);
  });

  it('shows log text in its sentences as text: no link, no mention', async () => {
    const marathon = line('authorizer=marathon');
    const hostile = ['https://evil.example/approved', '@acme/security-team'].map(
      (action) =>
        `${marathon.replace(/action=\S+/, `action=${action}`).replace('result=allow', 'result=deny')}\n`,
    );
    const r = await runCli(['-f', 'markdown', log('hostile.log', hostile.join(''))]);
    const unmapped = r.stdout.split('\n').filter((l) => l.startsWith('- No permission named'));
    expect(unmapped).toHaveLength(2);
    for (const l of unmapped) {
      // Outside code spans (literal in Markdown), every : and @ is escaped.
      const prose = l.replace(/`[^`]*`/g, '');
      expect(prose).not.toMatch(/[^\\]https:|[^\\]@acme/);
      expect(prose).toMatch(/https\\:\\\/\\\/evil|\\@acme/);
    }
  });
});
