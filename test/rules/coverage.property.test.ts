import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actionCovers,
  covers,
  PairIndex,
  ridCovers,
  rowCovers,
  rowSeen,
} from '../../src/rules/coverage.js';
import { ExistingGrants, parseExisting } from '../../src/rules/existing.js';
import { GRANT_ACTIONS } from '../../src/rules/grammar.js';

/**
 * Segments chosen so that one is often a string prefix of another (`a`,
 * `ab`, `a-b`): ids that share characters but not a `:` boundary must not
 * cover each other.
 */
const segment = fc.constantFrom(
  'a',
  'b',
  'ab',
  'a-b',
  'ba',
  'role',
  'roles',
  '/',
  '/x',
  '/x/y',
  '*',
);
const segments = fc.array(segment, { minLength: 1, maxLength: 5 });
const rid = (s: string[]) => `dcos:${s.join(':')}`;
const action = fc.constantFrom(...GRANT_ACTIONS);
const uid = fc.constantFrom('sa-1', 'sa-2', 'user@example.com');

const isPrefix = (short: string[], long: string[]) =>
  short.length <= long.length && short.every((s, i) => s === long[i]);

describe('coverage (property)', () => {
  it('a grant on an id covers exactly the ids below it at : boundaries, a path below `:/` not', () => {
    fc.assert(
      fc.property(segments, segments, (g, w) => {
        expect(ridCovers(rid(g), rid(w))).toBe(isPrefix(g, w));
      }),
      { numRuns: 2000 },
    );
  });

  it('every id appended to a granted id is covered; the granted id is not covered by it', () => {
    fc.assert(
      fc.property(segments, segments, (g, more) => {
        expect(ridCovers(rid(g), rid([...g, ...more]))).toBe(true);
        expect(ridCovers(rid([...g, ...more]), rid(g))).toBe(false);
      }),
    );
  });

  it("the reference's two root paths cover every path below them; no other `:/` does", () => {
    for (const root of [
      'dcos:service:marathon:marathon:services:/',
      'dcos:service:marathon:mom:services:/',
      'dcos:secrets:list:default:/',
    ]) {
      expect(ridCovers(root, `${root}dev/web`)).toBe(true);
      expect(ridCovers(root, `${root}x`)).toBe(true);
    }
    for (const [granted, wanted] of [
      ['dcos:secrets:default:/', 'dcos:secrets:default:/app/db-password'],
      ['dcos:mesos:master:endpoint:path:/', 'dcos:mesos:master:endpoint:path:/api/v1/scheduler'],
      [
        'dcos:service:marathon:marathon:services:/dev',
        'dcos:service:marathon:marathon:services:/dev/web',
      ],
      ['dcos:service:metronome:metronome:jobs:/', 'dcos:service:metronome:metronome:jobs:/x'],
    ] as const)
      expect(ridCovers(granted, wanted)).toBe(false);
  });

  it('full covers every action; any other action covers only itself', () => {
    fc.assert(
      fc.property(action, action, (granted, wanted) => {
        expect(actionCovers(granted, wanted)).toBe(granted === 'full' || granted === wanted);
      }),
    );
  });

  it('a pair is covered iff both its id and its action are', () => {
    fc.assert(
      fc.property(segments, action, segments, action, (g, ga, w, wa) => {
        expect(covers({ rid: rid(g), action: ga }, { rid: rid(w), action: wa })).toBe(
          isPrefix(g, w) && (ga === 'full' || ga === wa),
        );
      }),
    );
  });
});

/** Template rows, some written with the docs' trailing `*`. */
const row = fc
  .record({ rid: segments.map(rid), action, glob: fc.boolean() })
  .map((r) => (r.glob ? { ...r, rid: `${r.rid}*` } : r));
const pair = fc.record({ rid: segments.map(rid), action });

describe('PairIndex (property)', () => {
  it('finds exactly the pairs rowCovers and rowSeen find by scanning them all', () => {
    fc.assert(
      fc.property(
        fc.array(pair, { maxLength: 12 }),
        fc.array(row, { maxLength: 6 }),
        (ps, rows) => {
          const index = new PairIndex(ps);
          for (const r of rows) {
            const scanned = ps.flatMap((p, i) => (rowCovers(r, p) ? [i] : []));
            expect([...index.covered(r)].sort((a, b) => a - b)).toEqual(scanned);
            expect(index.seen(r)).toBe(rowSeen(r, ps));
          }
          const explained = ps.filter((p) => rows.some((r) => rowCovers(r, p))).length;
          expect(index.explainedBy(rows)).toBe(explained);
          expect(index.explainedBy(rows)).toBe(explained);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

const grant = fc.record({ uid, rid: segments.map(rid), action });
const wanted = fc.record({ uid, rid: segments.map(rid), action });

/** The same grants as an IAM answer per uid, with direct and group permissions mixed. */
function asIam(grants: { uid: string; rid: string; action: string }[]) {
  const byUid = new Map<string, { direct: unknown[]; groups: unknown[] }>();
  grants.forEach((g, i) => {
    let doc = byUid.get(g.uid);
    if (!doc) {
      doc = { direct: [], groups: [] };
      byUid.set(g.uid, doc);
    }
    const actions = [{ name: g.action, url: `/acs/api/v1/acls/${g.rid}/x/${g.action}` }];
    if (i % 2 === 0) doc.direct.push({ rid: g.rid, description: 'd', aclurl: 'u', actions });
    else doc.groups.push({ rid: g.rid, gid: 'ops', description: 'd', aclurl: 'u', actions });
  });
  return [...byUid].map(([u, doc]) => parseExisting(JSON.stringify(doc), `${u}.json`, u));
}

describe('--existing (property)', () => {
  it('both file shapes cover exactly the pairs some grant covers, superuser never', () => {
    fc.assert(
      fc.property(
        fc.array(grant, { maxLength: 8 }),
        fc.boolean(),
        fc.array(wanted, { minLength: 1, maxLength: 8 }),
        (grants, superuser, pairs) => {
          const all = superuser
            ? [...grants, { uid: 'sa-1', rid: 'dcos:superuser', action: 'full' as const }]
            : grants;
          // An empty file is refused (existing.test.ts): a list of none is no file.
          const lines = new ExistingGrants(
            all.length === 0
              ? []
              : [
                  parseExisting(
                    all.map((g) => `${g.uid} ${g.rid} ${g.action}`).join('\n'),
                    'g.txt',
                    null,
                  ),
                ],
          );
          const iam = new ExistingGrants(asIam(all));
          for (const p of pairs) {
            const expected = grants.some((g) => g.uid === p.uid && covers(g, p));
            expect(lines.covering(p.uid, p) !== undefined).toBe(expected);
            expect(iam.covering(p.uid, p) !== undefined).toBe(expected);
          }
          expect(lines.holdsSuperuser('sa-1')).toBe(superuser);
          expect(iam.holdsSuperuser('sa-1')).toBe(superuser);
        },
      ),
      { numRuns: 500 },
    );
  });
});
