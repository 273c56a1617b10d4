import fc from 'fast-check';

/** Commands that create `canary` if any generated script ever runs them. */
export function canaryCommands(canary: string): string[] {
  return [
    `$(touch ${canary})`,
    `\`touch ${canary}\``,
    `;touch ${canary};`,
    `'$(touch ${canary})'`,
    `"; touch ${canary}; "`,
    `\n touch ${canary}\n`,
  ];
}

/** Characters that end or break a quoted word, a comment or a line. */
export const BREAKERS = ['\r', "'", '"', ' ', '#'];

/**
 * Values an attacker would place in a log field: hostile pieces and plain
 * identifier fragments, one to four of them joined.
 */
export function hostileValue(canary: string, extra: string[] = []): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom(...canaryCommands(canary), ...BREAKERS, ...extra),
    fc.stringMatching(/^[A-Za-z0-9._@/+-]{1,6}$/),
  );
  return fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
}

/** The tests' own statement of a grantable account: the IAM charset, not DC/OS-native. */
export const grantableUid = (u: string) =>
  /^[A-Za-z0-9@._\\-]{1,96}$/.test(u) && !u.startsWith('dcos_');

/**
 * What the formats that run the dcos CLI grant: a grantable account whose id
 * the CLI would not read as an option (a leading `-`).
 */
export const cliGrantableUid = (u: string) => grantableUid(u) && !u.startsWith('-');
