import { shellWord } from '../text/shell-quote.js';

/**
 * What the answer of a failed `dcos security org` call means: the one rule
 * every script that goes through the DC/OS CLI decides by. A call that exits 0
 * is done. One that exits non-zero is a failure unless its whole answer says,
 * in so many words, that there was nothing to do: the grant or membership is
 * already there, or the permission to revoke is not. The CLI's answers carry
 * no code of their own, so the phrase must be all the answer ends with, on one
 * short line that holds nothing of a transport error: a number standing alone
 * (a status, an address, a port: `409` inside `:34090`) or a URL. Anything
 * else (several lines, a phrase with more text after it, an error that merely
 * mentions the phrase) is a failure, shown with the CLI's own text.
 *
 * `recognisedAnswer` states the rule; `RECOGNISED` is the same rule in bash,
 * written from the same phrases and limits, for the scripts.
 */

/** What a failed call's answer may say: present (grant), member (group membership), absent (revoke). */
export type AnswerKind = 'present' | 'member' | 'absent';

/** The phrases an answer of each kind may end with (any letter case; a full stop after it). */
export const ANSWER_PHRASES: Readonly<Record<AnswerKind, readonly string[]>> = {
  present: ['already exists', 'already granted'],
  member: ['already a member', 'already exists'],
  absent: ['not found', 'does not exist'],
};

/** The longest answer, trimmed, that can be recognised: one short line. */
export const ANSWER_MAX = 200;

/** Blanks trimmed from both ends: bash's [[:space:]] in the C locale. */
const BLANK = '[ \\t\\n\\v\\f\\r]';
const TRIM = new RegExp(`^${BLANK}+|${BLANK}+$`, 'g');
/** A digit that starts a word or follows punctuation: `409`, `10.0.4.1`, `:34090`, not `sa1` or `kafka-2`. */
const LONE_NUMBER = '(^|[^A-Za-z0-9_-])[0-9]';

/** True when `answer`, all that a failed call printed, says `kind` and nothing else. */
export function recognisedAnswer(kind: AnswerKind, answer: string): boolean {
  const text = answer.replace(TRIM, '');
  if (text.length === 0 || text.length > ANSWER_MAX) return false;
  if (!/^[\x20-\x7e]+$/.test(text)) return false;
  if (text.includes('://') || new RegExp(LONE_NUMBER).test(text)) return false;
  const said = text.toLowerCase().replace(/\.$/, '');
  return ANSWER_PHRASES[kind].some((p) => said === p || said.endsWith(` ${p}`));
}

const bashPhrases = (kind: AnswerKind) => ANSWER_PHRASES[kind].map(shellWord).join(' ');

/** The bash function `recognised KIND ANSWER`: `recognisedAnswer` for the scripts. */
export const RECOGNISED = `# recognised KIND ANSWER: true only when ANSWER, all that a failed dcos call
# printed, says KIND and nothing else: trimmed, one line of at most ${ANSWER_MAX} printable
# ASCII characters with no URL and no number standing alone (a status, an
# address, a port), that ends with one of KIND's phrases. Anything else is a failure.
recognised() {
  local LC_ALL=C text=$2 phrase
  local -a phrases
  case $1 in
    present) phrases=(${bashPhrases('present')}) ;;
    member) phrases=(${bashPhrases('member')}) ;;
    absent) phrases=(${bashPhrases('absent')}) ;;
    *) return 1 ;;
  esac
  local trimmed='^[[:space:]]*(.*[^[:space:]])[[:space:]]*$' line='^[[:print:]]+$' number='${LONE_NUMBER}'
  [[ $text =~ $trimmed ]] || return 1
  text=\${BASH_REMATCH[1]}
  ((\${#text} <= ${ANSWER_MAX})) || return 1
  [[ $text =~ $line && $text != *://* && ! $text =~ $number ]] || return 1
  text=\${text,,}
  text=\${text%.}
  for phrase in "\${phrases[@]}"; do
    if [[ $text == "$phrase" || $text == *" $phrase" ]]; then return 0; fi
  done
  return 1
}`;

/** The bash condition: the answer in \`$out\` says \`kind\`. */
export const answerSays = (kind: AnswerKind) => `recognised ${kind} "$out"`;
