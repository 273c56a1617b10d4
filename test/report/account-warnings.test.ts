import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountWarnings, closest, editDistance } from '../../src/report/account-warnings.js';

const uid = fc.stringMatching(/^[a-z0-9_-]{1,20}$/);

describe('the closest uid seen', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps as one edit', () => {
    expect(editDistance('kafka-principal', 'kafka-principal')).toBe(0);
    expect(editDistance('kafka-principl', 'kafka-principal')).toBe(1);
    expect(editDistance('kafak-principal', 'kafka-principal')).toBe(1);
    expect(editDistance('Kafka-principal', 'kafka-principal')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    fc.assert(
      fc.property(uid, uid, (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });

  it('offers a uid one edit away, and none far from all', () => {
    const seen = ['kafka-principal', 'metrics-sa', 'cicd-deployer'];
    expect(closest('kafka-principl', seen)).toBe('kafka-principal');
    expect(closest('metric-sa', seen)).toBe('metrics-sa');
    expect(closest('zookeeper-sa', seen)).toBeUndefined();
    // Short ids: one edit at most, or anything would be "close".
    expect(closest('ab', ['ac', 'xy'])).toBe('ac');
    expect(closest('ab', ['xy'])).toBeUndefined();
    // On a tie, the first by name.
    expect(closest('sa-b', ['sa-c', 'sa-a'])).toBe('sa-a');
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z-]{4,20}$/), fc.nat(), (id, at) => {
        const i = at % id.length;
        const typo = `${id.slice(0, i)}${id.slice(i + 1)}`;
        expect(closest(typo, ['unrelated-account-name', id])).toBe(id);
      }),
    );
  });
});

describe('--account warnings', () => {
  const allowed = new Set(['bootstrapuser']);
  const seen = {
    observed: new Set(['kafka-principal']),
    named: new Set(['kafka-principal', 'jdoe']),
    allowed,
    evidence: 'denied' as const,
  };

  it('warns of a uid no record names, and hints at --evidence for one seen only allowed', () => {
    expect(
      accountWarnings(['kafka-principal', 'jdoe', 'bootstrapuser', 'kafka-principl'], seen),
    ).toEqual([
      {
        code: 'account-allowed-only',
        message:
          '-a bootstrapuser: only allow records name this account, no denial: to grant what it was allowed, add --evidence allowed',
        count: null,
      },
      {
        code: 'account-not-seen',
        message: '-a kafka-principl: no record names this account: did you mean kafka-principal?',
        count: null,
      },
    ]);
  });

  it('gives no --evidence hint for a DC/OS-native account, which is granted nothing', () => {
    const natives = new Set(['dcos_diagnostics_master', 'dcos_marathon']);
    expect(
      accountWarnings(['dcos_diagnostics_master', 'dcos_marathon'], {
        ...seen,
        allowed: natives,
      }).map((w) => w.message),
    ).toEqual([
      '-a dcos_diagnostics_master: only allow records name this account, no denial: it is DC/OS-native, whose privileges belong to DC/OS, and is granted nothing',
      // One operators may extend: granted as any other.
      '-a dcos_marathon: only allow records name this account, no denial: to grant what it was allowed, add --evidence allowed',
    ]);
  });

  it('gives no --evidence hint when allow records are evidence already', () => {
    expect(accountWarnings(['bootstrapuser'], { ...seen, evidence: 'all' })).toEqual([]);
  });

  it('never offers a uid outside the account grammar', () => {
    const odd = new Set(['kafka-principa\u001b']);
    expect(
      accountWarnings(['kafka-principal'], {
        ...seen,
        observed: new Set(),
        named: new Set(),
        allowed: odd,
      }),
    ).toEqual([
      {
        code: 'account-not-seen',
        message:
          '-a kafka-principal: no record names this account: check the uid (0 accounts seen)',
        count: null,
      },
    ]);
  });
});
