export const KERNEL_MODULE: string;
export function buildKernel(options?: { force?: boolean; wat?: string }): Promise<boolean>;
