import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { renderJsonSchema, renderNdjsonSchema } from '../../src/output/json-schema.js';
import { type Format, type RenderOptions, renderFormat } from '../../src/output/registry.js';
import { chunks } from '../../src/output/rendered.js';
import type { Report } from '../../src/report/schema.js';
import { analyze } from '../helpers/analyze.js';
import { expectGolden } from '../helpers/golden.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DEMO = 'fixtures/demo.log';

const load = (file: string, accounts?: string[]) =>
  analyze(readFileSync(join(ROOT, file)), { source: file, accounts });

const base = { allowRisky: false, account: [] };

type FormatOptions = RenderOptions & { format: Format };

/** The format's output through the registry, as the CLI renders it. */
const render = async (report: Report, opts: FormatOptions) =>
  [...chunks(await renderFormat(opts.format, report, opts))].join('');

/** Every added format on the demo journal, with and without --group. */
const DEMO_CASES: [
  string,
  Omit<FormatOptions, 'allowRisky' | 'account'> & Partial<FormatOptions>,
][] = [
  ['curl.sh', { format: 'curl' }],
  [
    'curl-group.sh',
    {
      format: 'curl',
      group: 'data-services',
      clusterUrl: 'https://dcos.example.com',
      caCert: '/etc/ssl/dcos-ca.crt',
    },
  ],
  ['revoke-curl.sh', { format: 'revoke-curl' }],
  ['revoke.sh', { format: 'revoke' }],
  ['revoke-group.sh', { format: 'revoke', group: 'data-services' }],
  ['cli-group.sh', { format: 'cli', group: 'data-services' }],
  ['script-group.sh', { format: 'script', group: 'data-services' }],
  ['script-group-risky.sh', { format: 'script', group: 'data-services', allowRisky: true }],
  ['markdown.md', { format: 'markdown' }],
];

describe('golden outputs of the grant formats: demo', () => {
  it.each(DEMO_CASES)('demo.%s', async (name, opts) => {
    expectGolden(`demo.${name}`, await render(await load(DEMO), { ...base, ...opts }));
  });

  it.each([
    ['plan.sh', { format: 'plan' as const }],
    ['plan-group.sh', { format: 'plan' as const, group: 'kafka-ops' }],
  ])('demo.%s (kafka-principal)', async (name, opts) => {
    const account = ['kafka-principal'];
    expectGolden(
      `demo.${name}`,
      await render(await load(DEMO, account), { ...base, account, ...opts }),
    );
  });

  it('demo.plan-none.sh (an account without denials)', async () => {
    const account = ['quiet-sa'];
    expectGolden(
      'demo.plan-none.sh',
      await render(await load(DEMO, account), { ...base, account, format: 'plan' }),
    );
  });
});

/** The corpora with every dialect and every quirk: markdown (log text escaped) and curl. */
describe.each([
  ['dialects', 'fixtures/journals/dialects/json.txt'],
  ['quirks', 'fixtures/journals/quirks/json.txt'],
])('golden outputs of the grant formats: %s', (name, file) => {
  it('markdown', async () => {
    expectGolden(
      `${name}.markdown.md`,
      await render(await load(file), { ...base, format: 'markdown' }),
    );
  });
  it('curl', async () => {
    expectGolden(`${name}.curl.sh`, await render(await load(file), { ...base, format: 'curl' }));
  });
});

describe('golden JSON Schema of the json report', () => {
  it('report.schema.json', () => {
    expectGolden('report.schema.json', renderJsonSchema());
  });
  it('ndjson.schema.json: one event of --format ndjson', () => {
    expectGolden('ndjson.schema.json', renderNdjsonSchema());
  });
});
