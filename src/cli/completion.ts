import type { CommandSpec } from './command-tree.js';
import { bashCompletion } from './completion-bash.js';
import { fishCompletion } from './completion-fish.js';
import { zshCompletion } from './completion-zsh.js';

/** `audit2grant completion <shell>`: the shells it writes a completion script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * The completion script for a shell, made from the program's own
 * definitions (command-tree.ts): a new option completes without a change here.
 */
export function renderCompletion(shell: Shell, program: CommandSpec): string {
  switch (shell) {
    case 'bash':
      return bashCompletion(program);
    case 'zsh':
      return zshCompletion(program);
    case 'fish':
      return fishCompletion(program);
  }
}
