import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PermissionId,
  permissionIdProblem,
  problemOf,
  Uid,
  uidProblem,
} from '../../src/rules/grammar.js';

/**
 * The grammar's quick checks take the common valid value without zod's
 * parse: they must take exactly what the schemas take, and word a problem as
 * zod does.
 */

/** Characters of ids and of what must not pass: shell syntax, controls, non-ASCII. */
const char = fc.constantFrom(
  ...'abz09AZ:._@/*+-\\()$;`\'" \n\t|&<>é',
  '\u0000',
  '\u2028',
  '\ud800',
  '1',
);
const text = (max: number) => fc.array(char, { maxLength: max }).map((cs) => cs.join(''));
/** Mostly valid ids, some edited: a length near a bound, a character out of place. */
const rid = fc.oneof(
  text(40),
  text(40).map((t) => `dcos:${t}`),
  fc
    .array(fc.constantFrom('mesos', 'role', 'a(1)', '(123456)', '(1234567)', '/x/y', '*', ''), {
      maxLength: 6,
    })
    .map((segs) => ['dcos', ...segs].join(':')),
  fc.integer({ min: 505, max: 520 }).map((n) => `dcos:${'a'.repeat(n - 5)}`),
);
const uid = fc.oneof(
  text(20),
  fc.integer({ min: 94, max: 98 }).map((n) => 'a'.repeat(n)),
  fc.constantFrom('', 'svc-1', 'a\\b', 'user@example.com'),
);

describe('grammar quick checks (property)', () => {
  const checks = [
    { name: 'permissionIdProblem', quick: permissionIdProblem, schema: PermissionId, value: rid },
    { name: 'uidProblem', quick: uidProblem, schema: Uid, value: uid },
  ];
  for (const { name, quick, schema, value } of checks) {
    it(`${name} answers as problemOf with its schema`, () => {
      let valid = 0;
      fc.assert(
        fc.property(value, (v) => {
          const problem = quick(v);
          if (problem === undefined) valid++;
          expect(problem).toBe(problemOf(schema, v));
        }),
        { numRuns: 5000 },
      );
      expect(valid).toBeGreaterThan(500);
    });
  }
});
