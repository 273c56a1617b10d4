import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/output/registry.js';
import { DCOS_RELEASES, templateNames } from '../../src/rules/templates.js';
import { expectGolden } from '../helpers/golden.js';
import { runCli } from '../helpers/run-cli.js';
import { bashComplete, fishComplete, zshComplete } from '../helpers/shell-complete.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * `audit2grant completion <shell>`, loaded in the real shell and asked for
 * completions, in a directory of known files.
 */
const tmp = tempDir('a2g-completion-');
const home = join(tmp, 'home');
const work = join(tmp, 'work');
const scripts: Record<string, string> = {};
/** Every long option --help lists. */
let longOptions: string[] = [];

beforeAll(async () => {
  mkdirSync(home);
  mkdirSync(join(work, 'reports'), { recursive: true });
  for (const f of ['master-1.log', 'master-2.log', 'dcos-ca.crt']) writeFileSync(join(work, f), '');
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runCli(['completion', shell]);
    expect(r.code, r.stderr).toBe(0);
    scripts[shell] = join(tmp, `audit2grant.${shell}`);
    writeFileSync(scripts[shell]!, r.stdout);
  }
  const help = await runCli(['--help']);
  longOptions = [...new Set(help.stdout.match(/(?<=^ {2}(?:-\w, )?)--[a-z-]+/gm))];
});

const bash = (...line: string[]) =>
  bashComplete(scripts.bash!, ['audit2grant', ...line], work, home);
const sorted = (words: readonly string[]) => [...words].sort();

describe('bash completion', () => {
  it('completes --form to --format, and --format to the format names', async () => {
    expect(await bash('--form')).toEqual(['--format']);
    expect(await bash('--format', '')).toEqual(sorted(FORMATS));
    expect(await bash('-f', 'rev')).toEqual(['revoke', 'revoke-curl']);
    // --format=j, as bash splits it.
    expect(await bash('--format', '=', 'j')).toEqual(['json']);
    expect(await bash('--format', '=')).toEqual(sorted(FORMATS));
  });

  it('completes every long option --help lists', async () => {
    expect(longOptions.length).toBeGreaterThan(25);
    for (const option of longOptions) expect(await bash(option), option).toContain(option);
  });

  it('completes the values the definitions name: choices, files, templates', async () => {
    expect(await bash('--dcos-version', '2.')).toEqual(['2.0', '2.1', '2.2']);
    expect(await bash('--dcos-version', '')).toEqual(sorted(DCOS_RELEASES));
    expect(await bash('--evidence', '')).toEqual(['all', 'allowed', 'denied']);
    expect(await bash('--ca-cert', 'dc')).toEqual(['dcos-ca.crt']);
    expect(await bash('-o', 'rep')).toEqual(['reports']);
    expect(await bash('--template', 'kafka')).toEqual(['kafka', 'kafka-zookeeper']);
    // A value that is not completed offers nothing, not options or files.
    expect(await bash('--account', '')).toEqual([]);
  });

  it('reads user@host:port as one word, as bash splits it at @ and :', async () => {
    expect(await bash('--ssh', 'loc')).toEqual(['localhost']);
    expect(await bash('--ssh', 'core', '@', 'loc')).toEqual(['localhost']);
    expect(await bash('--ssh', 'core', '@')).toContain('localhost');
    expect(await bash('--template', 'kafka', '@')).toEqual([]);
    expect(await bash('--template', 'kafka', ':')).toEqual([]);
    expect(await bash('--ssh', 'core', '@', 'localhost', ':')).toEqual([]);
    // The value is whole: what comes after it is an operand again.
    expect(await bash('--ssh', 'core', '@', 'localhost', ':', '22', 'mas')).toEqual([
      'master-1.log',
      'master-2.log',
    ]);
  });

  it('offers the commands and files first, then only files; after a value, options again', async () => {
    expect(await bash('')).toEqual([
      'completion',
      'dcos-ca.crt',
      'help',
      'master-1.log',
      'master-2.log',
      'reports',
      'schema',
      'state',
      'templates',
      'verify',
    ]);
    expect(await bash('sch')).toEqual(['schema']);
    expect(await bash('master-1.log', '')).toEqual([
      'dcos-ca.crt',
      'master-1.log',
      'master-2.log',
      'reports',
    ]);
    expect(await bash('master-1.log', 'sch')).toEqual([]);
    expect(await bash('-f', 'json', 'ma')).toEqual(['master-1.log', 'master-2.log']);
    expect(await bash('-f', 'json', '--expl')).toEqual(['--explain']);
    expect(await bash('-', '--acco')).toEqual(['--account']);
  });

  it("completes each command's own options and arguments", async () => {
    expect(await bash('templates', 'ka')).toEqual(['kafka', 'kafka-zookeeper']);
    expect(await bash('templates', '')).toEqual(sorted(templateNames()));
    expect(await bash('templates', '--')).toEqual(['--dcos-version', '--help', '--json']);
    expect(await bash('templates', '--dcos-version', '1.1')).toEqual([
      '1.10',
      '1.11',
      '1.12',
      '1.13',
    ]);
    expect(await bash('--dcos-version', '1.9', 'templates', 'hd')).toEqual(['hdfs']);
    expect(await bash('completion', '')).toEqual(['bash', 'fish', 'zsh']);
    expect(await bash('help', '')).toEqual([
      'completion',
      'help',
      'schema',
      'state',
      'templates',
      'verify',
    ]);
    expect(await bash('schema', '')).toEqual(['json', 'ndjson']);
    expect(await bash('state', 'mas')).toEqual(['master-1.log', 'master-2.log']);
  });
});

describe('zsh completion', () => {
  it('is the reviewed script', async () => {
    expectGolden('completion/audit2grant.zsh', (await runCli(['completion', 'zsh'])).stdout);
  });

  it('completes options, their values, commands and files, typed into zsh', async () => {
    const cases: [string, string[]][] = [
      ['audit2grant --form', ['--format']],
      ['audit2grant --format ', sorted(FORMATS)],
      ['audit2grant --format=j', ['json']],
      ['audit2grant --ca-cert dc', ['dcos-ca.crt']],
      ['audit2grant sch', ['schema']],
      ['audit2grant master-1.log --expl', ['--explain']],
      ['audit2grant templates ka', ['kafka', 'kafka-zookeeper']],
      ['audit2grant completion ', ['bash', 'fish', 'zsh']],
    ];
    const offered = await zshComplete(
      scripts.zsh!,
      cases.map(([line]) => line),
      work,
      home,
    );
    expect(offered).toEqual(cases.map(([, words]) => words));
    // One zsh for all, but compinit alone takes seconds on a busy machine.
  }, 300_000);
});

describe('fish completion', () => {
  const fish = (line: string) => fishComplete(scripts.fish!, line, work, home);

  it('is the reviewed script', async () => {
    expectGolden('completion/audit2grant.fish', (await runCli(['completion', 'fish'])).stdout);
  });

  it('completes options, their values, commands and files, asked with complete -C', async () => {
    expect(await fish('audit2grant --form')).toEqual(['--format']);
    expect(await fish('audit2grant --format ')).toEqual(sorted(FORMATS));
    expect(await fish('audit2grant -f j')).toEqual(['json']);
    expect(await fish('audit2grant --ca-cert dc')).toEqual(['dcos-ca.crt']);
    expect(await fish('audit2grant sch')).toEqual(['schema']);
    expect(await fish('audit2grant master-1.log sch')).toEqual([]);
    expect(await fish('audit2grant -f json --expl')).toEqual(['--explain']);
    expect(await fish('audit2grant templates ka')).toEqual(['kafka', 'kafka-zookeeper']);
    expect(await fish('audit2grant help ')).toEqual([
      'completion',
      'help',
      'schema',
      'state',
      'templates',
      'verify',
    ]);
  });
});
