import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/output/json.js';
import { parseTemplateSpec } from '../../src/rules/templates.js';
import { analyze, analyzeInParts } from '../helpers/analyze.js';

const demo = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'demo.log'));

/** `--template TEXT`, as the CLI hands it to the analysis. */
const template = (text: string) => ({ ...parseTemplateSpec(text), text });

describe('a report in parts (accounts made as they are written)', () => {
  it.each([
    ['defaults', {}],
    [
      'templates, one naming an account the logs do not, permissive mode',
      {
        analysis: {
          templates: [template('kafka@kafka-principal'), template('scheduler:role=r@unseen-sa')],
          securityMode: 'permissive' as const,
        },
      },
    ],
    ['one account asked for', { accounts: ['kafka-principal'] }],
    ['no account asked for in the logs', { accounts: ['nobody'] }],
    ['allow records too', { analysis: { evidence: 'all' as const } }],
  ])('writes the JSON the whole report writes: %s', async (_, opts) => {
    const whole = renderJson(await analyze(demo, opts));
    expect(renderJson(await analyzeInParts(demo, opts))).toBe(whole);
  });

  it('makes each account only when reached, and its warnings once all are made', async () => {
    const parts = await analyzeInParts(demo, {
      analysis: {
        templates: [template('scheduler:role=r@unseen-sa')],
        securityMode: 'permissive',
      },
    });
    // The cases above would pass with warnings taken before the accounts: these would not.
    expect(parts.warnings().map((w) => w.code)).not.toContain('mode-mismatch');
    const uids = [...parts.accounts()].map((a) => a.uid);
    expect(uids).toContain('unseen-sa');
    expect(uids).toEqual([...uids].sort());
    expect(parts.warnings().map((w) => w.code)).toContain('mode-mismatch');
    expect(parts.pairs).toBe(true);
  });

  it('has no pairs when no account asked for is in the logs', async () => {
    const parts = await analyzeInParts(demo, { accounts: ['nobody'] });
    expect(parts.pairs).toBe(false);
    expect([...parts.accounts()]).toEqual([]);
  });
});
