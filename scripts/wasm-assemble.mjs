// WebAssembly text to bytes, with the SIMD instructions line-scan.wat uses.
import wabt from 'wabt';

/** The module `wat` assembles to, validated. */
export async function assembleLineScan(wat) {
  const w = await wabt();
  const module = w.parseWat('line-scan.wat', wat, { simd: true });
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
