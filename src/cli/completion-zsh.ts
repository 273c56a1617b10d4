import type { ArgumentSpec, CommandSpec, OptionSpec, ValueKind } from './command-tree.js';

/**
 * The zsh completion script, for _arguments: the main command's options,
 * then its first operand, a command or a file; after a command's name, that
 * command's options and arguments; after a file, the main command's options
 * and more files.
 */
export function zshCompletion(root: CommandSpec): string {
  const fn = `_${root.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const rootOptions = root.options.flatMap(optionSpecs).map((s) => `    ${s}`);
  const files = root.arguments.find((a) => a.variadic);
  const commands = root.commands.map(
    (c) => `      ${q(`${c.name.replace(/:/g, '\\:')}:${c.description}`)}`,
  );
  const branches = root.commands.map((c) => {
    const specs = [...c.options.flatMap(optionSpecs), ...c.arguments.map(argumentSpec)];
    return `        (${c.name})\n          _arguments -s -S : \\\n${specs.map((s) => `            ${s}`).join(' \\\n')} && ret=0\n          ;;`;
  });
  return `#compdef ${root.name}
# zsh completion for ${root.name}, made by \`${root.name} completion zsh\` from
# its own definitions of options and commands. Save it as ${fn} in a
# directory of $fpath, or load it in ~/.zshrc after compinit:
#   source <(${root.name} completion zsh)

${fn}() {
  local curcontext=$curcontext state state_descr line ret=1
  local -A opt_args
  local -a options=(
${rootOptions.join('\n')}
  )
  _arguments -C -s -S : $options ': :->operand' '*:: :->rest' && ret=0
  case $state in
    (operand)
      local -a commands=(
${commands.join('\n')}
      )
      _describe -t commands command commands && ret=0
      ${files ? action(files.complete) : ':'} && ret=0
      ;;
    (rest)
      curcontext=\${curcontext%:*:*}:${root.name}-$words[1]:
      case $words[1] in
${branches.join('\n')}
        (*)
          _arguments -s -S : $options ${files ? q(`*:${message(files.name)}:${action(files.complete)}`) : ''} && ret=0
          ;;
      esac
      ;;
  esac
  return ret
}

if [[ $funcstack[1] == ${fn} ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${root.name}
fi
`;
}

/** _arguments specs of one option: one per flag, each excluding the other. */
function optionSpecs(option: OptionSpec): string[] {
  const flags = [option.short, option.long].filter((f): f is string => f !== undefined);
  const exclude = option.repeatable ? '*' : flags.length > 1 ? `(${flags.join(' ')})` : '';
  const colon = option.optional ? '::' : ':';
  const value =
    option.value === undefined ? '' : `${colon}${message(option.value)}:${action(option.complete)}`;
  return flags.map((flag) => {
    const takes = option.value === undefined ? '' : flag.startsWith('--') ? '=' : '+';
    return q(`${exclude}${flag}${takes}[${describe(option.summary)}]${value}`);
  });
}

function argumentSpec(argument: ArgumentSpec): string {
  const position = argument.variadic ? '*' : argument.required ? '' : ':';
  return q(`${position}:${message(argument.name)}:${action(argument.complete)}`);
}

function action(kind: ValueKind): string {
  switch (kind.kind) {
    case 'words':
      return `(${kind.words.map((w) => w.replace(/[\\\s()'":]/g, '\\$&')).join(' ')})`;
    case 'file':
      return '_files';
    case 'host':
      return '_hosts';
    case 'free':
      return ' ';
  }
}

/** A description in _arguments' brackets. */
function describe(text: string): string {
  return text.replace(/[\\[\]:]/g, '\\$&');
}

/** The message of a value, before its action. */
function message(text: string): string {
  return text.replace(/[\\:]/g, '\\$&');
}

/** A single-quoted zsh word. */
function q(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
