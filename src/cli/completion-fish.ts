import { type CommandSpec, flagsOf, type OptionSpec, type ValueKind } from './command-tree.js';

/**
 * The fish completion script. A function reads the words before the cursor
 * as commander does (options that take a value skip it; the first operand
 * that names a command selects it) and says which command is completed and
 * how many of its operands are given; every completion is conditional on it.
 */
export function fishCompletion(root: CommandSpec): string {
  const name = root.name;
  const fn = `__${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const lines: string[] = [];
  for (const spec of [root, ...root.commands]) {
    const context = spec === root ? 'root' : spec.name;
    const at = (index?: number) =>
      q(`${fn}_at ${context}${index === undefined ? '' : ` ${index}`}`);
    // No file names where the command takes none.
    if (!spec.arguments.some((a) => a.complete.kind === 'file'))
      lines.push(`complete -c ${name} -n ${at()} -f`);
    for (const option of spec.options) lines.push(optionLine(name, at(), option));
    if (spec === root)
      for (const c of root.commands)
        lines.push(`complete -c ${name} -n ${at(0)} -f -a ${q(c.name)} -d ${q(c.description)}`);
    spec.arguments.forEach((a, i) => {
      const where = a.variadic ? at() : at(i);
      lines.push(`complete -c ${name} -n ${where} ${operandFlags(a.complete)} -d ${q(a.name)}`);
    });
  }
  const contexts = root.commands.map((c) => c.name).join(' ');
  // The main command's options are read after a command's name too, as commander does.
  const valuePatterns = [
    ...root.options
      .filter((o) => o.value !== undefined)
      .map((o) => flagsOf(o).map((f) => `'* ${f}'`)),
    ...root.commands.flatMap((c) =>
      c.options
        .filter((o) => o.value !== undefined)
        .map((o) => flagsOf(o).map((f) => q(`${c.name} ${f}`))),
    ),
  ].map((patterns) => patterns.join(' '));
  return `# fish completion for ${name}, made by \`${name} completion fish\` from
# its own definitions of options and commands. Save it as
# ~/.config/fish/completions/${name}.fish, or load it: ${name} completion fish | source

# The command being completed (root, or the command named) and how many of
# its operands come before the cursor, one a line.
function ${fn}_context
    set -l words (commandline -opc)
    set -e words[1]
    set -l command root
    set -l operands 0
    set -l skip 0
    for word in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch "$command $word"
            case ${valuePatterns.join(' \\\n                ')}
                set skip 1
            case '* -'
                set operands (math $operands + 1)
            case '* -*'
            case 'root *'
                if test $operands = 0; and contains -- $word ${contexts}
                    set command $word
                else
                    set operands (math $operands + 1)
                end
            case '*'
                set operands (math $operands + 1)
        end
    end
    echo $command
    echo $operands
end

# Whether the command completed is $argv[1], and with $argv[2] operands if given.
function ${fn}_at
    set -l here (${fn}_context)
    test "$here[1]" = "$argv[1]"; or return 1
    test (count $argv) -lt 2; or test "$here[2]" = "$argv[2]"
end

${lines.join('\n')}
`;
}

function optionLine(name: string, condition: string, option: OptionSpec): string {
  const flags = [
    option.short ? `-s ${option.short.slice(1)}` : '',
    option.long ? `-l ${option.long.slice(2)}` : '',
  ].filter((f) => f !== '');
  const value = option.value === undefined ? '' : ` ${valueFlags(option.complete)}`;
  return `complete -c ${name} -n ${condition} ${flags.join(' ')}${value} -d ${q(option.summary)}`;
}

/** The value of an option: required, and what completes it. */
function valueFlags(kind: ValueKind): string {
  switch (kind.kind) {
    case 'words':
      return `-x -a ${q(kind.words.join(' '))}`;
    case 'file':
      return '-r -F';
    case 'host':
      return `-x -a '(__fish_print_hostnames)'`;
    case 'free':
      return '-x';
  }
}

function operandFlags(kind: ValueKind): string {
  switch (kind.kind) {
    case 'words':
      return `-f -a ${q(kind.words.join(' '))}`;
    case 'file':
      return '-F';
    case 'host':
      return `-f -a '(__fish_print_hostnames)'`;
    case 'free':
      return '-f';
  }
}

/** A single-quoted fish word: \\ and ' escaped. */
function q(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}
