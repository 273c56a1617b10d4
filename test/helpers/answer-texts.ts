import fc from 'fast-check';
import type { CurlReply, DcosReply } from './answer-stubs.js';

/**
 * Answers for the stubs of `dcos` and `curl`, and the test's own statement of
 * what a script may make of them, written apart from the project's rule
 * (src/output/cli-answers.ts) so that each checks the other.
 */

/** Pieces of real and made-up failures: numbers, ports, URLs, the phrases, line breaks. */
const PIECES = [
  '409',
  '404',
  '1',
  '34090',
  '10.0.4.1',
  ':34090',
  ':14040',
  'https://10.0.4.1:34090/acs/api/v1/acls',
  'http://leader.mesos/acs',
  'Error: ',
  'Error: Put ',
  'dial tcp: connection refused',
  'HTTP 409 Conflict',
  'Not Found',
  'already',
  'already exists',
  'Already Exists',
  'already granted',
  'already a member',
  'not found',
  'does not exist',
  'NOT FOUND',
  'Permission ',
  'user kafka-principal ',
  'dcos:superuser',
  '{"code":"ERR_409"}',
  '.',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '"',
  "'",
  'é',
  '\u001b[31m',
  '\u2028',
];

/** The phrases as the test knows them, per kind of answer. */
export const PHRASES = {
  present: ['already exists', 'already granted'],
  member: ['already a member', 'already exists'],
  absent: ['not found', 'does not exist'],
} as const;
export type Kind = keyof typeof PHRASES;

/** Random text made of the pieces, printable characters and numbers. */
const noise = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PIECES),
      fc.stringMatching(/^[ -~]{0,6}$/),
      fc.nat(99999).map(String),
    ),
    { maxLength: 7 },
  )
  .map((p) => p.join(''));

/** An answer in the recognised form: words, then a phrase, a full stop or not, blanks around. */
const said = fc
  .tuple(
    fc.constantFrom(' ', '\n', ' \n\t', ''),
    fc.array(fc.stringMatching(/^[A-Za-z:_-]{1,8}$/), { maxLength: 4 }),
    fc.constantFrom(...new Set(Object.values(PHRASES).flat())),
    fc.boolean(),
    fc.constantFrom('', '.'),
    fc.constantFrom('', ' ', '\n', ' \r\n'),
  )
  .map(([before, words, phrase, upper, stop, after]) => {
    const text = [...words, upper ? phrase.toUpperCase() : phrase].join(' ');
    return `${before}${text}${stop}${after}`;
  });

/** What a failing stub prints: noise, a recognised answer, or one with noise before or after it. */
export const answerText = fc.oneof(
  { arbitrary: noise, weight: 3 },
  { arbitrary: said, weight: 3 },
  { arbitrary: fc.tuple(noise, said).map(([a, b]) => a + b), weight: 2 },
  { arbitrary: fc.tuple(said, noise).map(([a, b]) => a + b), weight: 2 },
);

/** A dcos answer: the text split at a random place between stdout and stderr; mostly a failure. */
export const dcosReply: fc.Arbitrary<DcosReply> = fc
  .tuple(
    answerText,
    fc.nat(),
    fc.oneof(
      { arbitrary: fc.constantFrom(1, 2, 127, 255), weight: 5 },
      { arbitrary: fc.constant(0), weight: 1 },
    ),
  )
  .map(([text, at, rc]) => {
    const chars = Array.from(text);
    const i = at % (chars.length + 1);
    return { out: chars.slice(0, i).join(''), err: chars.slice(i).join(''), rc };
  });

/** A curl answer: a good or odd status, a random body and error, mostly exit 0. */
export const curlReply: fc.Arbitrary<CurlReply> = fc.record({
  status: fc.oneof(
    { arbitrary: fc.constantFrom('200', '201', '204', '409', '404'), weight: 4 },
    {
      arbitrary: fc.constantFrom(
        '500',
        '000',
        '2040',
        '0204',
        ' 204',
        '204 ',
        '409\n204',
        '4O9',
        'HTTP/1.1 204',
        '',
        '20',
      ),
      weight: 2,
    },
    { arbitrary: fc.stringMatching(/^[0-9]{0,4}$/), weight: 1 },
  ),
  // Random text, and IAM's own errors and pages that look like them.
  body: fc.oneof(
    { arbitrary: answerText, weight: 3 },
    {
      arbitrary: fc.constantFrom(
        '{"code":"ERROR_NOT_GRANTED"}',
        '{"title":"Not Found","description":"x","code": "ERROR_ACL_NOT_FOUND"}\n',
        '<html>404 Not Found</html>',
        '{"title":"Conflict","description":"x","code":"ERROR_ACL_ALREADY_EXISTS"}',
        '<html><title>409 Conflict</title></html>',
        '{"code":"NOT_AN_ERROR"}',
        '"ERROR_X" "code"',
      ),
      weight: 1,
    },
  ),
  err: answerText,
  rc: fc.oneof(
    { arbitrary: fc.constant(0), weight: 3 },
    { arbitrary: fc.constantFrom(6, 7, 22, 28, 56), weight: 1 },
  ),
});

/** What `$(...)` keeps of a command's output: trailing newlines go. */
export const substituted = (text: string) => text.replace(/\n+$/, '');

/** The scripts' clean(): the first 2000 bytes, newlines as spaces, other non-printables as `?`. */
export function clean(text: string): string {
  const bytes = Buffer.from(text, 'utf8').subarray(0, 2000);
  const shown = (b: number) =>
    b === 0x0a ? ' ' : b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '?';
  return Array.from(bytes, shown).join('');
}

/**
 * The test's own statement of answers that never count as done, present or
 * absent, whatever the rule: several lines, a URL, a number standing alone
 * (a status, an address, a port), or no phrase of the kind at the very end.
 */
export function neverCounts(kind: Kind, answer: string): boolean {
  const text = answer.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
  if (/[\n\r]/.test(text) || text.includes('://')) return true;
  if (/(^|[^A-Za-z0-9_-])[0-9]/.test(text)) return true;
  const end = text.toLowerCase().replace(/\.$/, '');
  return !PHRASES[kind].some((p) => end === p || end.endsWith(` ${p}`));
}

/** A status curl's answer may be trusted with: curl succeeded and printed three digits alone. */
export function trustedStatus(reply: CurlReply): string | null {
  const status = substituted(reply.status);
  return reply.rc === 0 && /^[1-9][0-9][0-9]$/.test(status) ? status : null;
}
