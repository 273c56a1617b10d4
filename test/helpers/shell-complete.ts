import { spawn } from 'node:child_process';

/**
 * Completions as each shell offers them, from a completion script loaded in
 * the real shell: bash through COMP_WORDS and the function `complete -p`
 * names, fish through `complete -C`, zsh through a pseudo-terminal (zpty)
 * where the line is typed and Tab pressed, with compadd reporting what it
 * is given. Each returns the words offered, sorted.
 */

function run(command: string, args: string[], cwd: string, home: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'dumb', LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr}`)),
    );
  });
}

/** The words offered, each once, sorted. */
const words = (out: string) =>
  [
    ...new Set(
      out
        .split('\n')
        .map((w) => w.replace(/\r$/, ''))
        .filter((w) => w !== ''),
    ),
  ].sort();

/**
 * `words` as bash has split the line (an `--option=value` is three words,
 * `--option`, `=` and `value`); the last is the one completed.
 */
const BASH = `
source "$1"; shift
spec=$(complete -p audit2grant) || exit 3
fn=\${spec#*-F }; fn=\${fn%% *}
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
COMP_LINE="$*"; COMP_POINT=\${#COMP_LINE}
COMPREPLY=()
"$fn" audit2grant "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD - 1]}"
(( \${#COMPREPLY[@]} == 0 )) || printf '%s\\n' "\${COMPREPLY[@]}"
`;

export async function bashComplete(script: string, line: string[], cwd: string, home: string) {
  return words(
    await run('bash', ['--norc', '--noprofile', '-c', BASH, 'bash', script, ...line], cwd, home),
  );
}

export async function fishComplete(script: string, line: string, cwd: string, home: string) {
  const out = await run(
    'fish',
    ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', script, line],
    cwd,
    home,
  );
  return words(out.replace(/\t.*$/gm, ''));
}

/**
 * Types each line into one interactive zsh (compinit is slow to start) and
 * presses Tab; compadd prints each match it adds, and after each completion
 * the line is cleared (Ctrl-U) for the next.
 */
const ZSH = `
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PS1="" PS2="" RPS1=""; unsetopt beep; autoload -U compinit; compinit -u -D'
zpty -w z "source \${(q)1}"
shift
zpty -w z 'compadd() { local -a hits; builtin compadd -A hits "$@"; local h; for h in $hits; do print -- "\\nMATCH:$h"; done; builtin compadd "$@" }'
# comppostfuncs is emptied at each completion: the function puts itself back.
zpty -w z 'completion-done() { print -- "\\nDONE:"; comppostfuncs=(completion-done) }; comppostfuncs=(completion-done); bindkey "^I" complete-word'
local typed line
for typed in "$@"; do
  zpty -n -w z "$typed"$'\\t'
  while zpty -r z line; do
    line=\${line%$'\\r'}
    [[ $line == DONE:* ]] && break
    [[ $line == MATCH:* ]] && print -r -- \${line#MATCH:}
  done
  print -r -- '--'
  zpty -n -w z $'\\C-u'
done
zpty -d z
`;

/** The completions of each line, in order. */
export async function zshComplete(script: string, lines: string[], cwd: string, home: string) {
  const out = await run('zsh', ['-f', '-c', ZSH, 'zsh', script, ...lines], cwd, home);
  return out.split(/^--$/m).slice(0, lines.length).map(words);
}
