import { describe, expect, it } from 'vitest';
import { type AnswerKind, recognisedAnswer } from '../../src/output/cli-answers.js';

/** Answers of a failed dcos call, and whether each says what its kind needs. */
const CASES: [AnswerKind, string, boolean][] = [
  ['present', 'Permission already exists', true],
  ['present', 'Error: permission dcos:adminrouter:ops:mesos full already granted.\n', true],
  ['present', '  ALREADY EXISTS  ', true],
  ['member', 'User kafka-principal is already a member', true],
  ['absent', 'Permission not found', true],
  ['absent', 'Error: ACL dcos:superuser does not exist.', true],
  // A transport error: 409 and 404 only inside a port number.
  [
    'present',
    'Error: Put https://10.0.4.1:34090/acs/api/v1/acls: dial tcp: connection refused',
    false,
  ],
  ['absent', 'Error: Get https://10.0.4.1:14040/acs/api/v1/acls: not found', false],
  ['absent', 'dial tcp 10.0.4.1:14040: not found', false],
  // A bare status, or a status before the phrase.
  ['present', '409', false],
  ['present', 'HTTP 409 Conflict', false],
  ['absent', '404 Not Found', false],
  ['present', 'Error 409: already exists', false],
  // The phrase with more after it, or on one line of several.
  ['present', 'already exists: retrying', false],
  ['present', 'already existsx', false],
  ['present', 'Permission xalready exists', false],
  ['present', 'connection reset\nPermission already exists', false],
  ['present', 'Permission already exists\nretry failed', false],
  ['member', 'User kafka-principal is already a member of data-services', false],
  // The phrase of another kind.
  ['present', 'Permission not found', false],
  ['absent', 'Permission already exists', false],
  ['present', 'User already a member', false],
  // Not one short line of printable ASCII.
  ['present', `${'x '.repeat(100)}already exists`, false],
  ['present', 'Permission \u00ab x \u00bb already exists', false],
  ['present', 'Permission\talready exists', false],
  ['present', '', false],
];

describe('what the answer of a failed dcos call says', () => {
  it.each(CASES)('%s: %j -> %s', (kind, answer, recognised) => {
    expect(recognisedAnswer(kind, answer)).toBe(recognised);
  });
});
