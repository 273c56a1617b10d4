import { type CommandSpec, flagsOf, type ValueKind } from './command-tree.js';

/**
 * The bash completion script. The words before the cursor are read as
 * commander reads them: options that take a value skip it (also as
 * --option=value, which bash splits at the "="), and the first operand
 * that names a command makes its options and arguments the ones completed.
 * The main command's options are read after a command's name too, as
 * commander does. Needs bash 4 (mapfile), not the bash-completion package.
 */
export function bashCompletion(root: CommandSpec): string {
  const fn = `_${root.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const contexts: [string, CommandSpec][] = [
    ['root', root],
    ...root.commands.map((c): [string, CommandSpec] => [c.name, c]),
  ];
  const takesValue: string[] = [];
  const options: string[] = [];
  const values: string[] = [];
  const operands: string[] = [];
  for (const [name, spec] of contexts) {
    const withValue = spec.options.filter((o) => o.value !== undefined);
    const patterns = withValue.map((o) =>
      flagsOf(o)
        .map((f) => q(`${name} ${f}`))
        .join(' | '),
    );
    if (patterns.length > 0) takesValue.push(`    ${patterns.join(' | \\\n    ')}) return 0 ;;`);
    options.push(`    ${name}) echo ${q(spec.options.flatMap(flagsOf).join(' '))} ;;`);
    for (const o of withValue.filter((o) => o.complete.kind !== 'free'))
      values.push(
        `    ${flagsOf(o)
          .map((f) => q(`${name} ${f}`))
          .join(' | ')}) ${complete(fn, o.complete)} ;;`,
      );
    spec.arguments.forEach((a, i) => {
      const first = name === 'root' && i === 0;
      const action = first
        ? `${fn}_words ${q(root.commands.map((c) => c.name).join(' '))}; ${complete(fn, a.complete)}`
        : complete(fn, a.complete);
      const at = a.variadic && !first ? `${q(`${name} `)}*` : q(`${name} ${i}`);
      operands.push(`    ${at}) ${action} ;;`);
      if (a.variadic && first)
        operands.push(`    ${q(`${name} `)}*) ${complete(fn, a.complete)} ;;`);
    });
  }
  const commands = root.commands.map((c) => c.name).join('|');
  return `# bash completion for ${root.name}, made by \`${root.name} completion bash\` from
# its own definitions of options and commands. Load it in ~/.bashrc:
#   source <(${root.name} completion bash)
# or save it as ~/.local/share/bash-completion/completions/${root.name}

# Whether option $2 of command $1 takes a value.
${fn}_takes_value() {
  case "$1 $2" in
${takesValue.join('\n')}
  esac
  [[ $1 != root ]] && ${fn}_takes_value root "$2"
}

# The options of command $1.
${fn}_options() {
  case $1 in
${options.join('\n')}
  esac
}

# Completes the value of option $2 of command $1.
${fn}_value() {
  case "$1 $2" in
${values.join('\n')}
    *) [[ $1 != root ]] && ${fn}_value root "$2" ;;
  esac
}

# Completes operand $2 (from 0) of command $1.
${fn}_operand() {
  case "$1 $2" in
${operands.join('\n')}
  esac
}

# Words and files complete a whole word; a host name the part after user@.
${fn}_words() {
  [[ -z $after ]] || return 0
  local IFS=$' \\t\\n'
  COMPREPLY+=($(compgen -W "$1" -- "$cur"))
}

${fn}_files() {
  [[ -z $after ]] || return 0
  compopt -o filenames 2>/dev/null
  mapfile -t -O "\${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
}

${fn}_hosts() {
  [[ $after != : ]] || return 0
  mapfile -t -O "\${#COMPREPLY[@]}" COMPREPLY < <(compgen -A hostname -- "$cur")
}

${fn}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} command=root operands=0 option= word i words=() after=
  COMPREPLY=()
  [[ $cur == = ]] && cur=
  # The @ or : the part completed comes after, if any.
  if [[ $cur == [@:] ]]; then
    after=$cur cur=
  elif ((COMP_CWORD > 0)) && [[ \${COMP_WORDS[COMP_CWORD - 1]} == [@:] ]]; then
    after=\${COMP_WORDS[COMP_CWORD - 1]}
  fi
  # user@host:port is one word to the program; bash splits it at @ and :
  # (COMP_WORDBREAKS), and completes only the part after the last of them.
  for ((i = 0; i <= COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if ((i > 0)) && [[ $word == [@:] || \${COMP_WORDS[i - 1]} == [@:] ]]; then
      words[\${#words[@]} - 1]+=$word
    else
      words+=("$word")
    fi
  done
  local last=$((\${#words[@]} - 1))
  for ((i = 1; i < last; i++)); do
    word=\${words[i]}
    case $word in
      -?*)
        ${fn}_takes_value "$command" "$word" || continue
        [[ \${words[i + 1]} == = ]] && i=$((i + 1))
        i=$((i + 1))
        if ((i >= last)); then
          option=$word
          break
        fi
        ;;
      =) ;;
      *)
        if ((operands == 0)) && [[ $command == root ]]; then
          case $word in
            ${commands})
              command=$word
              continue
              ;;
          esac
        fi
        operands=$((operands + 1))
        ;;
    esac
  done
  if [[ -n $option ]]; then
    ${fn}_value "$command" "$option"
  elif [[ $cur == -* ]]; then
    ${fn}_words "$(${fn}_options "$command")"
  else
    ${fn}_operand "$command" "$operands"
  fi
  return 0
}

complete -F ${fn} ${root.name}
`;
}

function complete(fn: string, kind: ValueKind): string {
  switch (kind.kind) {
    case 'words':
      return `${fn}_words ${q(kind.words.join(' '))}`;
    case 'file':
      return `${fn}_files`;
    case 'host':
      return `${fn}_hosts`;
    case 'free':
      return 'return 0';
  }
}

/** A single-quoted bash word. */
function q(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
