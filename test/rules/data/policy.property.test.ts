import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/rules/assess.js';
import { policy, type RootSegment } from '../../../src/rules/data/policy.js';
import { GRANT_ACTIONS } from '../../../src/rules/grammar.js';

/** A value of one segment: a role, user, principal, instance name, path. */
const value = fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,15}$/);

/** A concrete id a root stands for: one word per `{a,b}`, any value for `<name>`. */
const concrete = (segments: readonly RootSegment[]) =>
  fc.tuple(...segments.map((s) => (s.words ? fc.constantFrom(...s.words) : value)));

const rootRules = () => policy().risky.filter((r) => r.roots);

/** Every root of every rule given as roots, with the actions it is risky for. */
const riskyRoot = fc
  .constantFrom(...rootRules().flatMap((r) => r.roots!.map((segments) => ({ r, segments }))))
  .chain(({ r, segments }) =>
    fc.record({
      segments: concrete(segments),
      action: fc.constantFrom(...(r.actions ?? GRANT_ACTIONS)),
    }),
  );

/** The Mesos family roots of the permissions reference: ids whose last segment takes a value. */
const FAMILY_ROOTS = [
  'dcos:mesos:master:framework:role',
  'dcos:mesos:master:framework:principal',
  'dcos:mesos:master:task:user',
  'dcos:mesos:master:task:app_id',
  'dcos:mesos:master:reservation:role',
  'dcos:mesos:master:reservation:principal',
  'dcos:mesos:master:volume:role',
  'dcos:mesos:master:volume:principal',
  'dcos:mesos:master:quota:role',
  'dcos:mesos:master:weight:role',
  'dcos:mesos:master:endpoint:path',
  'dcos:mesos:master:executor:app_id',
  'dcos:mesos:agent:task:user',
  'dcos:mesos:agent:task:app_id',
  'dcos:mesos:agent:framework:role',
  'dcos:mesos:agent:endpoint:path',
  'dcos:mesos:agent:executor:app_id',
  'dcos:mesos:agent:sandbox:app_id',
  'dcos:mesos:agent:container:app_id',
  'dcos:mesos:agent:container:role',
  'dcos:mesos:agent:nested_container_session:app_id',
  'dcos:mesos:agent:nested_container_session:role',
  'dcos:mesos:agent:nested_container_session:user',
];

const ROLE_FAMILIES = FAMILY_ROOTS.filter((r) => r.endsWith(':role'));

/** The id and every shorter id at `:` boundaries. */
const prefixes = (segments: readonly string[]) =>
  segments.map((_, i) => segments.slice(0, i + 1).join(':'));

describe('risky ids (property)', () => {
  it('every id a risky root stands for, and every shorter id at : boundaries, is risky', () => {
    fc.assert(
      fc.property(riskyRoot, ({ segments, action }) => {
        for (const rid of prefixes(segments))
          expect(assess('sa', rid, action).status).toBe('risky');
      }),
      { numRuns: 500 },
    );
  });

  it('every Mesos family root of the reference, and every shorter id, is risky for every action', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FAMILY_ROOTS),
        fc.constantFrom(...GRANT_ACTIONS),
        fc.boolean(),
        (root, action, upper) => {
          for (const rid of prefixes(root.split(':'))) {
            const id = upper ? rid.toUpperCase() : rid;
            expect(assess('sa', id, action).status).toBe('risky');
          }
        },
      ),
    );
  });

  it('a value below a Mesos family root is granted as it is, not widened to the family', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FAMILY_ROOTS),
        value.filter((v) => v !== 'root'),
        fc.constantFrom(...GRANT_ACTIONS),
        (root, v, action) => {
          expect(assess('sa', `${root}:${v}`, action)).toEqual({ status: 'grant' });
        },
      ),
    );
  });

  it('the role * is the literal default role in every Mesos family; * elsewhere is a wildcard', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLE_FAMILIES),
        fc.constantFrom(...GRANT_ACTIONS),
        (root, action) => {
          expect(assess('sa', `${root}:*`, action)).toEqual({ status: 'grant' });
        },
      ),
    );
    // Not a role, or a role that is more than `*`: a wildcard.
    const other = fc.oneof(
      fc.record({
        id: fc.constantFrom(
          ...FAMILY_ROOTS.filter((r) => !r.endsWith(':role')),
          'dcos:secrets:default',
          'dcos:secrets:list:default',
          'dcos:cluster:linker',
          'dcos:service:marathon:marathon:services',
        ),
        glob: fc.constantFrom('*', '/*', '*x', 'x*', '/x/*'),
      }),
      fc.record({
        id: fc.constantFrom(...ROLE_FAMILIES),
        glob: fc.constantFrom('**', '*x', 'x*', '*/x', 'x/*'),
      }),
    );
    fc.assert(
      fc.property(other, fc.constantFrom(...GRANT_ACTIONS), ({ id, glob }, action) => {
        const a = assess('sa', `${id}:${glob}`, action);
        expect(a.status).toBe('risky');
        expect(a.note).toMatch(/wildcard/);
      }),
    );
  });
});
