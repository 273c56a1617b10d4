export function assembleLineScan(wat: string): Promise<Uint8Array>;
