import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { renderCli } from '../../src/output/cli.js';
import { renderJson } from '../../src/output/json.js';
import { renderScript } from '../../src/output/script.js';
import { renderTable } from '../../src/output/table.js';
import { grantPlan } from '../../src/report/grant-plan.js';
import { analyze } from '../helpers/analyze.js';
import { expectGolden } from '../helpers/golden.js';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Each corpus in the render that keeps every message (json), and the demo as
 * shipped; meaning in dcos-log's text form (`dcos node log`), which names hosts.
 */
const CASES = [
  ['demo', 'fixtures/demo.log'],
  ['dialects', 'fixtures/journals/dialects/json.txt'],
  ['meaning', 'fixtures/journals/meaning/dcos-node-log.txt'],
  ['quirks', 'fixtures/journals/quirks/json.txt'],
  ['quirks-short', 'fixtures/journals/quirks/short.txt'],
] as const;

describe.each(CASES)('golden outputs: %s', (name, file) => {
  const load = () => analyze(readFileSync(join(ROOT, file)), { source: file });

  it('table', async () => {
    expectGolden(`${name}.table.txt`, renderTable(await load()));
  });
  it('json', async () => {
    expectGolden(`${name}.json`, renderJson(await load()));
  });
  it('cli', async () => {
    const report = await load();
    expectGolden(`${name}.cli.sh`, renderCli(report, grantPlan(report, { allowRisky: false })));
  });
  it('script', async () => {
    const report = await load();
    expectGolden(
      `${name}.script.sh`,
      renderScript(report, grantPlan(report, { allowRisky: false })),
    );
  });
  it('script --allow-risky', async () => {
    const report = await load();
    expectGolden(
      `${name}.script-risky.sh`,
      renderScript(report, grantPlan(report, { allowRisky: true })),
    );
  });
});
