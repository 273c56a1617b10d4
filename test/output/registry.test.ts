import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import {
  FORMAT_REGISTRY,
  FORMATS,
  type Format,
  FormatError,
  formatEntry,
  formatProblem,
  formatsTaking,
  type RenderOptions,
  renderFormat,
} from '../../src/output/registry.js';
import { chunks } from '../../src/output/rendered.js';
import { analyze } from '../helpers/analyze.js';

const ROOT = join(import.meta.dirname, '..', '..');
const program = buildProgram('0.0.0', () => {});
const option = (long: string) => program.options.find((o: Option) => o.long === long)!;
const none: RenderOptions = { allowRisky: false, account: [] };
/** Options each format takes: one account for those that need it. */
const fitting = (format: Format): RenderOptions => ({
  ...none,
  account: formatEntry(format).oneAccount ? ['kafka-principal'] : [],
});

describe('the format registry', () => {
  it("is commander's --format choices, in the same order, and the reverse", () => {
    expect(option('--format').argChoices).toEqual(Object.keys(FORMAT_REGISTRY));
    expect(FORMATS).toEqual(Object.keys(FORMAT_REGISTRY));
    expect(option('--format').defaultValue).toBe('table');
  });

  it('lists every format in --help, one line each within 80 columns', () => {
    const help = helpText();
    for (const format of FORMATS) {
      const line = help.split('\n').find((l) => l.startsWith(`  ${format.padEnd(12)} `));
      expect(line, format).toBe(`  ${format.padEnd(12)} ${formatEntry(format).summary}`);
      expect(line!.length, format).toBeLessThanOrEqual(80);
    }
  });

  it('names the formats that call the IAM API in the help of --cluster-url and --ca-cert', () => {
    expect(formatsTaking('cluster')).toEqual(['curl', 'revoke-curl', 'plan']);
    expect(option('--cluster-url').description).toMatch(/^curl, revoke-curl, plan, verify: /);
    // --ca-cert is also the CA of the cluster --cluster reads.
    expect(option('--ca-cert').description).toMatch(
      /^--cluster, curl, revoke-curl, plan, verify: /,
    );
  });

  it('marks the formats that write template suggestions: the others are the same without them', async () => {
    const demo = readFileSync(join(ROOT, 'fixtures', 'demo.log'));
    const withThem = await analyze(demo);
    const without = await analyze(demo, { analysis: { suggest: false } });
    expect(withThem.accounts.some((a) => a.suggestions.length > 0)).toBe(true);
    expect(without.accounts.every((a) => a.suggestions.length === 0)).toBe(true);
    const text = async (format: Format, report: typeof withThem) =>
      [...chunks(await renderFormat(format, report, fitting(format)))].join('');
    for (const format of FORMATS) {
      const same = (await text(format, withThem)) === (await text(format, without));
      expect(same, format).toBe(formatEntry(format).suggestions !== true);
    }
  });

  it('writes bash scripts with mode 0700 and every other format with 0644', async () => {
    const report = await analyze(readFileSync(join(ROOT, 'fixtures', 'demo.log')));
    for (const format of FORMATS) {
      const text = [...chunks(await renderFormat(format, report, fitting(format)))].join('');
      const script = text.startsWith('#!/usr/bin/env bash\n');
      expect(formatEntry(format).mode, format).toBe(script ? 0o700 : 0o644);
    }
  });
});

describe('what each format takes', () => {
  it('takes its own options without a problem', () => {
    for (const format of FORMATS) {
      const entry = formatEntry(format);
      const opts: RenderOptions = {
        ...fitting(format),
        group: entry.group ? 'ops' : undefined,
        clusterUrl: entry.cluster ? 'https://dcos.example' : undefined,
        caCert: entry.cluster ? 'dcos-ca.crt' : undefined,
        explain: entry.explain,
      };
      expect(formatProblem(format, opts), format).toBeUndefined();
    }
  });

  it.each([
    [
      'group',
      { group: 'ops' },
      '--group applies to the formats cli, script, curl, revoke, revoke-curl, plan: add one with --format',
    ],
    [
      'cluster',
      { clusterUrl: 'https://dcos.example' },
      '--cluster-url applies to --format curl, revoke-curl, plan and verify (to read through the logging API: --cluster URL)',
    ],
    [
      'cluster',
      { caCert: 'dcos-ca.crt' },
      '--ca-cert applies to --format curl, revoke-curl, plan, --cluster and verify',
    ],
    [
      'explain',
      { explain: true },
      '--explain applies to --format table, cli, script, curl, revoke, revoke-curl, plan',
    ],
  ] as const)('refuses --%s where it means nothing, in one line', (taken, extra, message) => {
    const refusing = FORMATS.filter((f) => !formatEntry(f)[taken]);
    expect(refusing.length).toBeGreaterThan(0);
    for (const format of refusing) {
      const problem = formatProblem(format, { ...fitting(format), ...extra });
      expect(problem, format).toBe(message);
      expect(problem).not.toContain('\n');
    }
  });

  it('plan needs exactly one --account, not a DC/OS-native one', () => {
    const needing = FORMATS.filter((f) => formatEntry(f).oneAccount);
    expect(needing).toEqual(['plan']);
    const one =
      '--format plan writes the migration of one account: name it with one --account <uid>';
    expect(formatProblem('plan', none)).toBe(one);
    expect(formatProblem('plan', { ...none, account: ['a-sa', 'b-sa'] })).toBe(one);
    expect(formatProblem('plan', { ...none, account: ['dcos_adminrouter'] })).toBe(
      '--format plan: dcos_adminrouter is a DC/OS-native account: its privileges belong to DC/OS, keep its dcos:superuser',
    );
    // Every other format takes any number of accounts, as a filter.
    for (const format of FORMATS.filter((f) => f !== 'plan'))
      expect(formatProblem(format, { ...none, account: ['a-sa', 'b-sa'] }), format).toBeUndefined();
  });

  it('renders nothing for options that do not fit: the same one-line error', async () => {
    const report = await analyze('');
    await expect(renderFormat('plan', report, none)).rejects.toThrow(FormatError);
    await expect(renderFormat('json', report, { ...none, group: 'ops' })).rejects.toThrow(
      /^--group applies to the formats/,
    );
  });
});

describe('lazy loading', () => {
  it('imports no renderer before its format is asked for', () => {
    const source = readFileSync(join(ROOT, 'src', 'output', 'registry.ts'), 'utf8');
    const loaded = [...source.matchAll(/^import (?!type )[^;]*from '([^']+)';$/gm)].map(
      (m) => m[1],
    );
    expect(loaded).toEqual(['../rules/assess.js']);
    const dynamic = new Set([...source.matchAll(/import\('([^']+)'\)/g)].map((m) => m[1]));
    for (const module of ['./table.js', './json.js', './cli.js', './script.js', './plan.js'])
      expect(dynamic).toContain(module);
  });
});

/** The text --help shows, with what follows the options (the formats, the examples). */
function helpText(): string {
  let text = '';
  program.configureOutput({ writeOut: (s) => (text += s) });
  program.outputHelp();
  return text;
}
