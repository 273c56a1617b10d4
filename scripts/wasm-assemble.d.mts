export interface WasmSource {
  wat: string;
  ts: string;
  name: string;
}
export const WASM_SOURCES: WasmSource[];
export function assemble(file: string, wat: string): Promise<Uint8Array>;
export function wasmModule(source: WasmSource, bytes: Uint8Array): string;
