// Vitest's global setup: the byte kernel the tests load
// (src/parser/kernel-wasm.generated.ts) is compiled from the sources as
// they are, when they changed since it was last (scripts/kernel.mjs).
import { buildKernel } from '../../scripts/kernel.mjs';

export default async function setup(): Promise<void> {
  await buildKernel();
}
