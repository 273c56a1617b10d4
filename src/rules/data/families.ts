import * as z from 'zod';
import { perId } from '../per-id.js';

/**
 * The permission families of the permissions reference: which security modes
 * enforce them, and where the docs describe them. Used to say where a grant's
 * rule comes from and whether logs of a permissive cluster can show it.
 * Built and checked on first use (see familyOf): building zod schemas is a
 * good part of start-up.
 */
function familySchema() {
  return z.object({
    /** Matches an id equal to it or below it at a `:` boundary. */
    prefix: z.string().regex(/^dcos(:[a-z]+)*$/),
    enforced: z.enum(['all', 'permissive-strict', 'strict']),
    source: z.string().min(1),
  });
}
export type Family = z.infer<ReturnType<typeof familySchema>>;

const REF = 'permissions reference';

const FAMILY_DATA = [
  { prefix: 'dcos:adminrouter', enforced: 'all', source: `${REF}: Admin Router` },
  { prefix: 'dcos:mesos:master', enforced: 'strict', source: `${REF}: Mesos master` },
  { prefix: 'dcos:mesos:agent', enforced: 'strict', source: `${REF}: Mesos agent` },
  { prefix: 'dcos:service:marathon', enforced: 'permissive-strict', source: `${REF}: Marathon` },
  { prefix: 'dcos:service:metronome', enforced: 'permissive-strict', source: `${REF}: Metronome` },
  { prefix: 'dcos:secrets', enforced: 'all', source: `${REF}: Secrets` },
  { prefix: 'dcos:cluster:linker', enforced: 'all', source: `${REF}: Cluster linker` },
  { prefix: 'dcos:superuser', enforced: 'all', source: `${REF}: Superuser` },
  // Not in the reference's table, but enforced by Mesos only in strict mode all the same.
  { prefix: 'dcos:mesos', enforced: 'strict', source: `${REF}: security modes` },
];

function evidenceSchema() {
  return z.object({
    /**
     * Allow records that are not a permission check, so not evidence for a
     * grant: Admin Router lets every authenticated user through some locations,
     * and lets users read their own permissions.
     */
    notPermissionChecks: z.array(z.object({ reason: z.string().min(1), source: z.string() })),
    /** Where the record-to-permission mapping comes from. */
    mappedSources: z.object({ plugin: z.string() }),
  });
}

const EVIDENCE_DATA = {
  notPermissionChecks: [
    {
      reason: 'authenticated (all users are allowed to access)',
      source: 'audit log formats: Admin Router reason values',
    },
    {
      reason: 'user requests his/her own permissions',
      source: 'audit log formats: Admin Router reason values',
    },
  ],
  mappedSources: {
    plugin: 'audit log formats: Marathon and Metronome audit plugin (verb and path to permission)',
  },
};

let evidence: z.infer<ReturnType<typeof evidenceSchema>> | undefined;

/**
 * What makes an allow record evidence, and where mappings come from:
 * checked by zod on first use, once ({ jitless: true }: compiling zod's fast
 * path costs more time than it saves), not at start-up.
 */
export function evidenceRules() {
  evidence ??= evidenceSchema().parse(EVIDENCE_DATA, { jitless: true });
  return evidence;
}

let families: readonly (Family & { below: string })[] | undefined;

/** The family an id belongs to, if the reference lists it. */
export const familyOf: (rid: string) => Family | undefined = perId((rid) => {
  // Parsed once: { jitless: true }, as EVIDENCE. `below` is what an id under the prefix starts with.
  families ??= z
    .array(familySchema())
    .parse(FAMILY_DATA, { jitless: true })
    .map((f) => ({ ...f, below: `${f.prefix}:` }));
  return families.find((f) => rid === f.prefix || rid.startsWith(f.below));
});
