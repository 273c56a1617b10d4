export function loadDialects(path: string): Promise<Record<string, unknown>>;
export function matcher(name: string, doc: string, words: [string, number][]): string;
export function wordTest(name: string, doc: string, word: string): string;
export function kernelTables(dialects: Record<string, unknown>): string;
