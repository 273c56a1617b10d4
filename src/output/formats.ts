import type { Report } from '../report/schema.js';
import { grantPlan } from '../rules/grant-plan.js';
import { renderCli } from './cli.js';
import { renderCurl, renderRevokeCurl } from './curl.js';
import { renderRevoke } from './dcos-scripts.js';
import type { Recipient } from './grant-items.js';
import { renderMarkdown } from './markdown.js';
import { renderPlan } from './plan.js';
import { renderScript } from './script.js';

/**
 * The formats added to table, json, cli and script: loaded by the CLI only
 * when one of them is asked for. `cli` and `script` come here with --group.
 */

export const EXTRA_FORMATS = [
  'curl',
  'revoke',
  'revoke-curl',
  'plan',
  'markdown',
  'cli',
  'script',
] as const;
export type ExtraFormat = (typeof EXTRA_FORMATS)[number];

export interface FormatOptions {
  format: ExtraFormat;
  allowRisky: boolean;
  /** --explain: each grant's explanation, as comments. */
  explain?: boolean;
  /** --account values; `plan` takes exactly one. */
  account: string[];
  group?: string;
  clusterUrl?: string;
  caCert?: string;
}

export function renderFormat(report: Report, opts: FormatOptions): string {
  const plan = grantPlan(report, { allowRisky: opts.allowRisky, explain: opts.explain });
  const recipient: Recipient =
    opts.group === undefined ? { kind: 'users' } : { kind: 'groups', gid: opts.group };
  const api = { recipient, clusterUrl: opts.clusterUrl, caCert: opts.caCert };
  switch (opts.format) {
    case 'curl':
      return renderCurl(report, plan, api);
    case 'revoke-curl':
      return renderRevokeCurl(report, plan, api);
    case 'revoke':
      return renderRevoke(report, plan, recipient);
    case 'plan': {
      const [uid] = opts.account;
      if (uid === undefined || opts.account.length > 1)
        throw new Error('--format plan needs exactly one --account');
      return renderPlan(report, plan, {
        uid,
        recipient,
        clusterUrl: opts.clusterUrl,
        caCert: opts.caCert,
      });
    }
    case 'markdown':
      return renderMarkdown(report, plan);
    case 'cli':
      return renderCli(report, plan, recipient);
    case 'script':
      return renderScript(report, plan, recipient);
  }
}
