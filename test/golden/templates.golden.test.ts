import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectTemplate, loadAnalysis } from '../../src/cli/analysis-options.js';
import { renderCli } from '../../src/output/cli.js';
import { renderJson } from '../../src/output/json.js';
import { renderScript } from '../../src/output/script.js';
import { renderTable } from '../../src/output/table.js';
import { renderCatalog, renderTemplate } from '../../src/output/templates.js';
import type { EvidenceMode, SecurityMode } from '../../src/report/analysis.js';
import { grantPlan } from '../../src/report/grant-plan.js';
import { Report } from '../../src/report/schema.js';
import { catalog } from '../../src/rules/data/templates.js';
import { analyze } from '../helpers/analyze.js';
import { expectGolden } from '../helpers/golden.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CORPUS = 'fixtures/journals/templates/json.txt';
const IAM = 'fixtures/existing/kafka-principal.json';
const HDFS = 'fixtures/existing/hdfs-principal.json';
const LINES = 'fixtures/existing/grants.txt';

interface Run {
  templates?: string[];
  existing?: string[];
  evidence?: EvidenceMode;
  securityMode?: SecurityMode;
  dcosVersion?: string;
  accounts?: string[];
}

async function run(o: Run = {}) {
  const analysis = loadAnalysis(
    {
      template: (o.templates ?? []).reduce(
        (acc, t) => collectTemplate(t, acc),
        [] as ReturnType<typeof collectTemplate>,
      ),
      existing: o.existing ?? [],
      evidence: o.evidence ?? 'denied',
      securityMode: o.securityMode ?? 'strict',
      dcosVersion: o.dcosVersion ?? '2.2',
      explain: false,
    },
    (p) => readFileSync(join(ROOT, p), 'utf8'),
    (p) => existsSync(join(ROOT, p)),
  );
  const report = await analyze(readFileSync(join(ROOT, CORPUS)), {
    source: CORPUS,
    accounts: o.accounts ?? [],
    analysis,
  });
  Report.parse(report);
  return report;
}

const cli = (report: Awaited<ReturnType<typeof run>>, explain = false) =>
  renderCli(report, grantPlan(report, { allowRisky: false, explain }));

describe('golden: the catalog', () => {
  it('templates (list)', () => {
    expectGolden('templates/catalog.txt', renderCatalog('2.2', false));
  });
  it.each(catalog().map((t) => t.name))('templates %s', (name) => {
    expectGolden(`templates/${name}.txt`, renderTemplate(name, '2.2', false));
  });
  it('templates kafka at DC/OS 1.9 (no agent row), and filled in', () => {
    expectGolden('templates/kafka-1.9.txt', renderTemplate('kafka', '1.9', false));
    expectGolden(
      'templates/kafka-filled.txt',
      renderTemplate('kafka:service=/team01/prod/kafka,enforceRole=true@kafka-sa', '2.2', false),
    );
  });
});

/** Each template applied to an account of the templates corpus (or to one the logs lack). */
const APPLY: Record<string, string> = {
  scheduler: 'scheduler:role=batch-role@sched-sa',
  reservations: 'reservations:role=batch-role@sched-sa',
  'persistent-volumes': 'persistent-volumes:role=batch-role@sched-sa',
  sdk: 'sdk:service=batch@sched-sa',
  cassandra: 'cassandra@cassandra-principal',
  kafka: 'kafka@kafka-principal',
  'confluent-kafka': 'confluent-kafka@confluent-kafka-principal',
  hdfs: 'hdfs@hdfs-principal',
  elastic: 'elastic@elastic-principal',
  'kafka-zookeeper': 'kafka-zookeeper@kafka-zookeeper-principal',
  nifi: 'nifi@nifi-principal',
  spark: 'spark@spark-principal',
  'marathon-lb': 'marathon-lb@marathon-lb-sa',
  'edge-lb': 'edge-lb@edge-lb-principal',
  jenkins: 'jenkins@jenkins-principal',
  'jenkins-role': 'jenkins-role:role=dev@jenkins-principal',
  'kubernetes-cluster': 'kubernetes-cluster@kubernetes-cluster-sa',
};

describe('golden: each template applied', () => {
  it('covers the whole catalog', () => {
    expect(Object.keys(APPLY).sort()).toEqual(
      catalog()
        .map((t) => t.name)
        .sort(),
    );
  });
  it.each(Object.entries(APPLY))('%s', async (name, spec) => {
    const uid = spec.slice(spec.indexOf('@') + 1);
    const report = await run({ templates: [spec], accounts: [uid] });
    expectGolden(`templates/apply-${name}.cli.sh`, cli(report));
  });
});

/** Every state: in the template, not in it, predicted, already granted; each evidence and mode. */
const STATES: Run = {
  templates: [
    'cassandra@cassandra-principal',
    'kafka@kafka-principal',
    'marathon-lb@marathon-lb-sa',
  ],
  existing: [IAM, LINES],
  accounts: ['cassandra-principal', 'kafka-principal', 'marathon-lb-sa'],
};

describe('golden: states', () => {
  it('in template, not in template, predicted, already granted: table, json, script', async () => {
    const report = await run(STATES);
    expectGolden('templates/states.table.txt', renderTable(report));
    expectGolden('templates/states.json', renderJson(report));
    expectGolden(
      'templates/states.script.sh',
      renderScript(report, grantPlan(report, { allowRisky: false })),
    );
  });

  it('--explain: table and cli', async () => {
    const report = await run(STATES);
    expectGolden('templates/states-explain.table.txt', renderTable(report, { explain: true }));
    expectGolden('templates/states-explain.cli.sh', cli(report, true));
  });

  it('--security-mode permissive', async () => {
    const report = await run({ ...STATES, securityMode: 'permissive' });
    expectGolden('templates/permissive.table.txt', renderTable(report));
  });

  it('--evidence allowed, with the account holding dcos:superuser', async () => {
    const report = await run({
      evidence: 'allowed',
      existing: [HDFS],
      templates: ['hdfs@hdfs-principal'],
      accounts: ['hdfs-principal'],
    });
    expectGolden('templates/allowed.table.txt', renderTable(report, { explain: true }));
    expectGolden('templates/allowed.cli.sh', cli(report));
  });

  it('--evidence all', async () => {
    const report = await run({ evidence: 'all', existing: [HDFS, IAM, LINES] });
    expectGolden('templates/all.json', renderJson(report));
  });

  it('no --template: suggestions', async () => {
    const report = await run();
    expectGolden('templates/suggestions.table.txt', renderTable(report));
  });

  it('--dcos-version 1.9: the SDK set without the agent row', async () => {
    const report = await run({
      templates: ['cassandra@cassandra-principal'],
      dcosVersion: '1.9',
      accounts: ['cassandra-principal'],
    });
    expectGolden('templates/cassandra-1.9.cli.sh', cli(report));
  });
});
