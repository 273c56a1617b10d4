import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import type { VerifyCliOptions } from '../../src/cli/verify-command.js';

// --allow-http is the main command's (--cluster takes it too): verify reads
// it from there, wherever it stands on the command line.

function verifyOptions(args: string[]): VerifyCliOptions | undefined {
  let got: VerifyCliOptions | undefined;
  const program = buildProgram(
    '0.0.0',
    () => {},
    () => {},
    () => {},
    (o) => {
      got = o;
    },
  );
  for (const c of [program, ...program.commands])
    c.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  program.parse(args, { from: 'user' });
  return got;
}

describe('verify --allow-http', () => {
  it.each([
    [['verify', '-a', 'x', '--allow-http', 'f.log'], true],
    [['--allow-http', 'verify', '-a', 'x', 'f.log'], true],
    [['verify', '-a', 'x', 'f.log'], false],
  ])('%j', (args, allowHttp) => {
    expect(verifyOptions(args)?.allowHttp).toBe(allowHttp);
  });
});
