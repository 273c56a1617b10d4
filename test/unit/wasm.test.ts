import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble, WASM_SOURCES } from '../../scripts/wasm-assemble.mjs';

describe('the WebAssembly sources', () => {
  it.each(WASM_SOURCES)(
    '$wat is what $ts was assembled from (run `npm run wasm` after editing it)',
    async (source) => {
      const root = new URL('../../', import.meta.url);
      const bytes = await assemble(source.wat, readFileSync(new URL(source.wat, root), 'utf8'));
      const committed = (await import(new URL(source.ts, root).href))[source.name];
      expect(Buffer.from(bytes).toString('base64')).toBe(committed);
    },
  );
});
