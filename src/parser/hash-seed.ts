/**
 * This process's hash seed: the byte kernel hashes what a denial said, its
 * host and its reason with it (kernel/said.ts), and report/byte-keys.ts'
 * tables look them up by those hashes. Random per process, so that a journal
 * cannot be written to make every key collide.
 */
export const SEED = (Math.random() * 0x100000000) | 0;
