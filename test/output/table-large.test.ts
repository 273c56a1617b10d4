import { describe, expect, it } from 'vitest';
import { renderFormat } from '../../src/output/registry.js';
import { chunks } from '../../src/output/rendered.js';
import { analyze } from '../helpers/analyze.js';

// An account's table is handed on line by line: one account of many denied
// permissions has more table lines than a function call takes arguments.
describe('the table and markdown of one account with very many permissions', () => {
  it('are written whole, every permission on its row', async () => {
    const n = 140_000;
    const lines = Array.from(
      { length: n },
      (_, i) =>
        `2026-11-22T10:00:07+0000 master-1 bouncer.sh[1877]: [261122-10:00:08.431] [1902:Thread-14] [bouncer.app.internal.PolicyQuery] INFO: type=audit timestamp=2026-11-22T10:00:08.431207Z srcip=127.0.0.1 authorizer=bouncer uid=svc-big action=create object=dcos:mesos:master:reservation:role:r${i} result=deny reason="no matching ACL"\n`,
    );
    const report = await analyze(lines.join(''));
    expect(report.accounts).toHaveLength(1);
    expect(report.accounts[0]!.denied).toHaveLength(n);
    const row = {
      table: /│ dcos:mesos:master:reservation:role:r\d+ /g,
      markdown: /^\| `dcos:mesos:master:reservation:role:r\d+` \|/gm,
    };
    for (const [format, pattern] of Object.entries(row)) {
      const rendered = await renderFormat(format as 'table', report, {
        allowRisky: false,
        account: [],
      });
      let rows = 0;
      for (const chunk of chunks(rendered)) rows += chunk.match(pattern)?.length ?? 0;
      expect(rows, format).toBe(n);
    }
  });
});
